import { describe, expect, it } from 'vitest';
import { Bot } from '../../src/bot/bot.js';
import { Composer } from '../../src/bot/composer.js';
import type { Context } from '../../src/bot/context.js';
import { unknownEventType } from '../../src/momotalk/handler/unknown-event-type.js';
import { recordingClient, textEvent, unknownEvent } from './support.js';

/** A bot whose middleware log what ran, in order. */
function loggingBot() {
  const log: string[] = [];
  const bot = new Bot();
  return { bot, log };
}

describe('Composer: middleware and next()', () => {
  it('runs middleware in order, code after await next() after the rest', async () => {
    const { bot, log } = loggingBot();
    bot.use(async (_ctx, next) => {
      log.push('a:before');
      await next();
      log.push('a:after');
    });
    bot.use((_ctx, next) => {
      log.push('b');
      return next();
    });
    bot.use(() => {
      log.push('c');
    });
    await bot.handleEvent(textEvent('hi'));
    expect(log).toEqual(['a:before', 'b', 'c', 'a:after']);
  });

  it('stops the chain at a middleware that does not call next()', async () => {
    const { bot, log } = loggingBot();
    bot.use(() => {
      log.push('gate');
    });
    bot.use(() => {
      log.push('never');
    });
    await bot.handleEvent(textEvent('hi'));
    expect(log).toEqual(['gate']);
  });

  it('throws a TypeError naming the middleware when next() is called twice, and runs the rest once', async () => {
    const { bot, log } = loggingBot();
    bot.use(async function twice(_ctx, next) {
      await next();
      await next();
    });
    bot.use(() => {
      log.push('rest');
    });
    await expect(bot.handleEvent(textEvent('hi'))).rejects.toThrow(
      /next\(\) was called twice by middleware twice/,
    );
    expect(log).toEqual(['rest']);
  });

  it('throws for a second synchronous next() too', async () => {
    const { bot } = loggingBot();
    bot.use((_ctx, next) => {
      void next();
      void next();
    });
    await expect(bot.handleEvent(textEvent('hi'))).rejects.toBeInstanceOf(TypeError);
  });

  it('nests composers: a Composer is a middleware, and middleware added to it later still runs', async () => {
    const { bot, log } = loggingBot();
    const admin = new Composer<Context>();
    bot.use(admin);
    bot.use(() => {
      log.push('after admin');
    });
    admin.use((_ctx, next) => {
      log.push('admin');
      return next();
    });
    await bot.handleEvent(textEvent('hi'));
    expect(log).toEqual(['admin', 'after admin']);
  });

  it('adds middleware given to the constructor, and to the composer use() returns, at that point', async () => {
    const { bot, log } = loggingBot();
    const first = new Composer<Context>((_ctx, next) => {
      log.push('ctor');
      return next();
    });
    bot.use(first).use((_ctx, next) => {
      log.push('nested');
      return next();
    });
    bot.use(() => {
      log.push('last');
    });
    await bot.handleEvent(textEvent('hi'));
    expect(log).toEqual(['ctor', 'nested', 'last']);
  });

  it('runs a one-middleware composer as a step of its parent, until more is added to it', async () => {
    // compose() runs a nested chain of one middleware in the parent's chain; it must stay live.
    const { bot, log } = loggingBot();
    const only = new Composer<Context>((_ctx, next) => {
      log.push('only');
      return next();
    });
    bot.use(only);
    bot.use(() => {
      log.push('last');
    });
    await bot.handleEvent(textEvent('hi'));
    only.use((_ctx, next) => {
      log.push('added later');
      return next();
    });
    await bot.handleEvent(textEvent('hi'));
    expect(log).toEqual(['only', 'last', 'only', 'added later', 'last']);
  });

  it('fails an event with a TypeError, not a hang, when a Composer is added to itself', async () => {
    const { bot } = loggingBot();
    const loop = new Composer<Context>();
    loop.use(loop);
    bot.use(loop);
    await expect(bot.handleEvent(textEvent('hi'))).rejects.toThrow(/added to itself/);
  });

  it('fails the event, not the process, when a Composer with async middleware is added to itself', async () => {
    // Unbounded, this recursed through microtasks: no timer ran again and the process ran out of memory.
    const { bot } = loggingBot();
    const loop = new Composer<Context>(async (_ctx, next) => {
      await Promise.resolve();
      return next();
    });
    loop.use(loop);
    bot.use(loop);
    await expect(bot.handleEvent(textEvent('hi'))).rejects.toThrow(/added to itself/);
  });

  it('refuses what is not a middleware, with a TypeError saying what is', () => {
    const bot = new Bot();
    expect(() => bot.use(42 as never)).toThrow(/a middleware is a function \(ctx, next\) => … .*got number/);
    expect(() => bot.use(null as never)).toThrow(/got null/);
    expect(() => new Composer({} as never)).toThrow(TypeError);
    expect(() => bot.filter('yes' as never)).toThrow(/filter: pass a predicate/);
    expect(() =>
      bot.branch(
        () => true,
        1 as never,
        () => {},
      ),
    ).toThrow(TypeError);
    expect(() => bot.lazy(undefined as never)).toThrow(/lazy: pass a function/);
    expect(() => bot.route({} as never, {})).toThrow(/route: pass a router/);
    expect(() => bot.errorBoundary('x' as never)).toThrow(/errorBoundary: pass an error handler/);
  });
});

describe('Composer: on() filter queries', () => {
  it("routes 'message' and 'talk.message_created' to message events, and not unknown events", async () => {
    const { bot, log } = loggingBot();
    bot.on('message', (ctx, next) => {
      log.push(`message:${ctx.text}`);
      return next();
    });
    bot.on('talk.message_created', (ctx) => {
      log.push(`created:${ctx.message.message_id}`);
    });
    await bot.handleEvent(textEvent('hi', { message_id: 9 }));
    await bot.handleEvent(unknownEvent());
    expect(log).toEqual(['message:hi', 'created:9']);
  });

  it("matches 'message:TEXT' by message_type exactly", async () => {
    const { bot, log } = loggingBot();
    bot.on('message:TEXT', (ctx) => {
      log.push(ctx.text);
    });
    bot.use((ctx) => {
      log.push(`other:${String(ctx.message?.message_type)}:${String(ctx.text)}`);
    });
    await bot.handleEvent(textEvent('hi'));
    await bot.handleEvent(textEvent('https://img', { message_type: 'IMAGE' }));
    await bot.handleEvent(textEvent('lower', { message_type: 'text' }));
    expect(log).toEqual(['hi', 'other:IMAGE:undefined', 'other:text:undefined']);
  });

  it('matches an unknown event type marked with unknownEventType(), and any of a list', async () => {
    const { bot, log } = loggingBot();
    bot.on(unknownEventType('room.member_joined'), (ctx, next) => {
      log.push(`joined:${String(ctx.event.event_type)}`);
      return next();
    });
    bot.on(['message:TEXT', unknownEventType('room.member_joined')], (ctx) => {
      log.push(`either:${String(ctx.event.event_type)}`);
    });
    await bot.handleEvent(unknownEvent('room.member_joined'));
    await bot.handleEvent(unknownEvent('room.member_left'));
    await bot.handleEvent(textEvent('hi'));
    expect(log).toEqual([
      'joined:room.member_joined',
      'either:room.member_joined',
      'either:talk.message_created',
    ]);
  });

  it('lets events that do not match go on down the chain', async () => {
    const { bot, log } = loggingBot();
    bot.on(unknownEventType('room.member_joined'), () => {
      log.push('joined');
    });
    bot.use(() => {
      log.push('fallthrough');
    });
    await bot.handleEvent(textEvent('hi'));
    expect(log).toEqual(['fallthrough']);
  });

  it('refuses an empty query or list (JavaScript callers)', () => {
    const bot = new Bot();
    expect(() => bot.on('' as never)).toThrow(/pass a filter query/);
    expect(() => bot.on([] as never)).toThrow(/pass a filter query/);
    expect(() => bot.on(['message', 3] as never)).toThrow(/pass a filter query/);
    expect(() => bot.on('message:' as never)).toThrow(/pass a filter query/);
  });
});

describe('Composer: filter, branch, lazy, route', () => {
  it('filter runs its middleware when the predicate (sync or async) is true, else goes on', async () => {
    const { bot, log } = loggingBot();
    bot.filter(
      (ctx) => ctx.senderId === 'user_42',
      (_ctx, next) => {
        log.push('staff');
        return next();
      },
    );
    bot.filter(
      async (ctx) => ctx.text === 'async',
      () => {
        log.push('async yes');
      },
    );
    bot.use(() => {
      log.push('end');
    });
    await bot.handleEvent(textEvent('hi'));
    await bot.handleEvent(textEvent('hi', { sender_user_id: 'user_7' }));
    await bot.handleEvent(textEvent('async'));
    expect(log).toEqual(['staff', 'end', 'end', 'staff', 'async yes']);
  });

  it('branch runs one side or the other; either continues with next()', async () => {
    const { bot, log } = loggingBot();
    bot.branch(
      (ctx) => ctx.text === 'yes',
      (_ctx, next) => {
        log.push('true');
        return next();
      },
      (_ctx, next) => {
        log.push('false');
        return next();
      },
    );
    bot.branch(
      async () => false,
      () => {},
      () => {
        log.push('async false');
      },
    );
    await bot.handleEvent(textEvent('yes'));
    await bot.handleEvent(textEvent('no'));
    expect(log).toEqual(['true', 'async false', 'false', 'async false']);
  });

  it('lazy builds the middleware per event (one, a list, or a promise of them)', async () => {
    const { bot, log } = loggingBot();
    bot.lazy((ctx) =>
      ctx.text === 'list'
        ? [
            (_c: Context, next: () => Promise<void>) => {
              log.push('l1');
              return next();
            },
            (_c: Context, next: () => Promise<void>) => {
              log.push('l2');
              return next();
            },
          ]
        : Promise.resolve((_c: Context, next: () => Promise<void>) => {
            log.push('single');
            return next();
          }),
    );
    bot.use(() => {
      log.push('end');
    });
    await bot.handleEvent(textEvent('list'));
    await bot.handleEvent(textEvent('one'));
    expect(log).toEqual(['l1', 'l2', 'end', 'single', 'end']);
  });

  it('route picks middleware by key; an unknown key runs the fallback, or goes on without one', async () => {
    const { bot, log } = loggingBot();
    const routes = {
      ko: () => {
        log.push('ko');
      },
      en: () => {
        log.push('en');
      },
    };
    bot.route((ctx) => (ctx.text === '안녕' ? 'ko' : ctx.text === 'hi' ? 'en' : undefined), routes);
    bot.route(
      async (ctx) => ctx.text as 'ko',
      routes,
      () => {
        log.push('fallback');
      },
    );
    await bot.handleEvent(textEvent('안녕'));
    await bot.handleEvent(textEvent('hi'));
    await bot.handleEvent(textEvent('__proto__'));
    await bot.handleEvent(textEvent('toString'));
    expect(log).toEqual(['ko', 'en', 'fallback', 'fallback']);
  });
});

describe('Context from handleEvent', () => {
  it('answers through the client given for this event instead of the Bot option', async () => {
    const configured = recordingClient();
    const perEvent = recordingClient();
    const bot = new Bot({ client: configured.client });
    bot.on('message', (ctx) => ctx.reply('via event client'));
    await bot.handleEvent(textEvent('hi'), { client: perEvent.client });
    await bot.handleEvent(textEvent('hi'));
    expect(perEvent.requests.map((r) => r.body)).toEqual([
      { room_id: 123, reply_to_message_id: 456, body: 'via event client' },
    ]);
    expect(configured.requests).toHaveLength(1);
  });

  it('reads ids from the event; header() is undefined without a delivery', async () => {
    const bot = new Bot();
    let seen: unknown[] = [];
    bot.use((ctx) => {
      seen = [ctx.eventId, ctx.botId, ctx.header('x-momotalk-bot-id'), ctx.match];
    });
    const event = textEvent('hi');
    await bot.handleEvent(event);
    expect(seen).toEqual([event.event_id, 'bot_test', undefined, undefined]);
  });

  it('refuses what is not a parsed event, with a TypeError saying what to pass', async () => {
    const bot = new Bot();
    await expect(bot.handleEvent(null as never)).rejects.toThrow(/pass a parsed event \(parseWebhookEvent/);
    await expect(bot.handleEvent('{"event_type":"x"}' as never)).rejects.toThrow(TypeError);
    await expect(bot.handleEvent({ event_type: 'talk.message_created' } as never)).rejects.toThrow(TypeError);
  });
});

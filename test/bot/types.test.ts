import { describe, expectTypeOf, it } from 'vitest';
import { Bot } from '../../src/bot/bot.js';
import { type CommandContext, Composer } from '../../src/bot/composer.js';
import { Context, type ContextInit } from '../../src/bot/context.js';
import type { Filter, TextMessage } from '../../src/bot/filter-query.js';
import type { MiddlewareFn } from '../../src/bot/middleware.js';
import type { SendMessageResult } from '../../src/client/send-message-result.js';
import type { MessageCreatedEvent } from '../../src/momotalk/events/message-created-event.js';
import type { Message, MoMoTalkId } from '../../src/momotalk/events/message-schema.js';
import type { UnknownWebhookEvent } from '../../src/momotalk/events/unknown-webhook-event.js';
import type { WebhookEvent } from '../../src/momotalk/events/webhook-event.js';
import type { WebhookHandler } from '../../src/momotalk/handler/create-webhook-handler.js';
import { unknownEventType } from '../../src/momotalk/handler/unknown-event-type.js';

// Checked by tsc (npm run typecheck); the runtime assertions are trivially true. The callbacks are
// registered on a bot that never runs.
describe('bot layer types', () => {
  const bot = new Bot();

  it('gives every middleware of use() the whole Context, without reply or send', () => {
    bot.use((ctx, next) => {
      expectTypeOf(ctx).toEqualTypeOf<Context>();
      expectTypeOf(ctx.event).toEqualTypeOf<WebhookEvent>();
      expectTypeOf(ctx.message).toEqualTypeOf<Message | undefined>();
      expectTypeOf(ctx.text).toEqualTypeOf<string | undefined>();
      expectTypeOf(ctx.roomId).toEqualTypeOf<MoMoTalkId | undefined>();
      expectTypeOf(ctx.senderId).toEqualTypeOf<string | undefined>();
      expectTypeOf(ctx.eventId).toEqualTypeOf<string | undefined>();
      expectTypeOf(next).returns.toEqualTypeOf<Promise<void>>();
      return next();
    });
    const compileOnly = (ctx: Context) => {
      // @ts-expect-error not every event has a message to answer: filter with on('message') first
      void ctx.reply('hi');
      // @ts-expect-error the same for send
      void ctx.send('hi');
      // @ts-expect-error no such shortcut
      void ctx.chat;
    };
    expectTypeOf(compileOnly).toBeFunction();
  });

  it('narrows ctx in on() by event type and message type', () => {
    bot.on('message', (ctx) => {
      expectTypeOf(ctx.event).toExtend<MessageCreatedEvent>();
      expectTypeOf(ctx.message).toEqualTypeOf<Message>();
      expectTypeOf(ctx.roomId).toEqualTypeOf<MoMoTalkId>();
      expectTypeOf(ctx.senderId).toEqualTypeOf<string>();
      expectTypeOf(ctx.text).toEqualTypeOf<string | undefined>();
      expectTypeOf(ctx.reply('hi')).toEqualTypeOf<Promise<SendMessageResult>>();
      expectTypeOf(ctx.send('hi', { metadata: { a: 1 } })).toEqualTypeOf<Promise<SendMessageResult>>();
    });
    bot.on('talk.message_created', (ctx) => {
      expectTypeOf(ctx.message).toEqualTypeOf<Message>();
      void ctx.reply('hi');
    });
    bot.on('message:TEXT', (ctx) => {
      expectTypeOf(ctx.text).toEqualTypeOf<string>();
      expectTypeOf(ctx.message).toEqualTypeOf<TextMessage>();
      expectTypeOf(ctx.message.message_type).toEqualTypeOf<'TEXT'>();
      expectTypeOf(ctx.event.message.message_type).toEqualTypeOf<'TEXT'>();
    });
    bot.on(unknownEventType('room.member_joined'), (ctx) => {
      expectTypeOf(ctx.event).toEqualTypeOf<WebhookEvent & UnknownWebhookEvent>();
      // @ts-expect-error an unknown event has no message to answer
      void ctx.reply('hi');
    });
    bot.on(['message:TEXT', unknownEventType('room.member_joined')], (ctx) => {
      // @ts-expect-error one of the two has no message
      void ctx.reply('hi');
    });
  });

  it('refuses wrong filter queries', () => {
    const compileOnly = () => {
      // @ts-expect-error a typo would register a handler that never runs
      bot.on('mesage', () => {});
      // @ts-expect-error an unknown event type must be marked with unknownEventType()
      bot.on('room.member_joined', () => {});
      // @ts-expect-error the platform documents only TEXT: use filter() for other types
      bot.on('message:IMAGE', () => {});
    };
    expectTypeOf(compileOnly).toBeFunction();
  });

  it('types ctx.match: the argument string of a command, the match of hears', () => {
    bot.command('echo', (ctx) => {
      expectTypeOf(ctx.match).toEqualTypeOf<string>();
      expectTypeOf(ctx.text).toEqualTypeOf<string>();
      void ctx.reply(ctx.match);
    });
    bot.command(['start', 'help'], (ctx) => {
      expectTypeOf(ctx).toExtend<CommandContext<Context>>();
    });
    bot.hears(/^주문\s+(\d+)$/, (ctx) => {
      expectTypeOf(ctx.match).toEqualTypeOf<RegExpMatchArray>();
      void ctx.reply(`주문 ${ctx.match[1]}번`);
    });
    bot.hears('안녕', (ctx) => {
      expectTypeOf(ctx.match).toEqualTypeOf<string>();
    });
    bot.hears(['안녕', /^hi$/i], (ctx) => {
      expectTypeOf(ctx.match).toEqualTypeOf<string | RegExpMatchArray>();
    });
  });

  it('carries a custom context class through every method', () => {
    class MyContext extends Context {
      get shout(): string {
        return (this.text ?? '').toUpperCase();
      }
    }
    const custom = new Bot<MyContext>({ contextConstructor: MyContext });
    custom.use((ctx, next) => {
      expectTypeOf(ctx.shout).toBeString();
      return next();
    });
    custom.command('x', (ctx) => expectTypeOf(ctx.shout).toBeString());
    custom.hears(/x/, (ctx) => expectTypeOf(ctx.shout).toBeString());
    custom.on('message:TEXT', (ctx) => expectTypeOf(ctx.shout).toBeString());
    custom.filter((ctx) => ctx.shout !== '').use((ctx) => expectTypeOf(ctx.shout).toBeString());
    custom.errorBoundary((_error, ctx) => expectTypeOf(ctx.shout).toBeString());
    custom.catch((_error, ctx) => expectTypeOf(ctx).toEqualTypeOf<MyContext>());
    // A module written for any Context mounts on a bot with a custom one.
    const shared = new Composer<Context>();
    shared.command('ping', (ctx) => ctx.reply('pong'));
    custom.use(shared);
    custom.filter((ctx) => ctx.shout === 'X', shared);
    custom.branch(
      (ctx) => ctx.shout === '',
      (ctx) => expectTypeOf(ctx.shout).toBeString(),
      new Composer<MyContext>(),
    );
    const compileOnly = () => {
      // @ts-expect-error the constructor must make a MyContext
      new Bot<MyContext>({ contextConstructor: Context });
      class Wrong extends MyContext {
        constructor(_n: number) {
          super({} as ContextInit);
        }
      }
      // @ts-expect-error a context subclass takes the ContextInit
      new Bot<MyContext>({ contextConstructor: Wrong });
      new Bot<MyContext>({
        contextConstructor: class extends MyContext {
          constructor(init: ContextInit) {
            super(init);
          }
        },
      });
    };
    expectTypeOf(compileOnly).toBeFunction();
  });

  it('lets a middleware that extends the context show it to the handlers after it', () => {
    type LangFlavor = { lang: 'ko' | 'en' };
    const withLang: MiddlewareFn<Context & LangFlavor> = (ctx, next) => {
      ctx.lang = 'ko';
      return next();
    };
    bot.use(withLang).command('lang', (ctx) => {
      expectTypeOf(ctx.lang).toEqualTypeOf<'ko' | 'en'>();
    });
    const flavored = new Bot<Context & LangFlavor>();
    flavored.on('message', (ctx) => expectTypeOf(ctx.lang).toEqualTypeOf<'ko' | 'en'>());
  });

  it('narrows with a type-guard filter', () => {
    bot
      .filter((ctx): ctx is Filter<Context, 'message:TEXT'> => ctx.text !== undefined)
      .use((ctx) => expectTypeOf(ctx.text).toEqualTypeOf<string>());
  });

  it('returns the Fetch WebhookHandler from webhook(), and a promise from handleEvent', () => {
    const compileOnly = () => {
      expectTypeOf(bot.webhook()).toEqualTypeOf<WebhookHandler>();
      expectTypeOf(bot.handleEvent({} as MessageCreatedEvent)).toEqualTypeOf<Promise<void>>();
      // @ts-expect-error onEvent is createWebhookHandler's; a Bot uses bot.use
      new Bot({ onEvent: () => {} });
    };
    expectTypeOf(compileOnly).toBeFunction();
  });
});

describe('use() only adds to the context', () => {
  const bot = new Bot();

  it('refuses a middleware typed for a narrower event, and an explicit narrowing type argument', () => {
    // @ts-expect-error use() runs for every event: a message-only middleware belongs in on('message:TEXT')
    bot.use((ctx: Filter<Context, 'message:TEXT'>) => ctx.reply(ctx.text));
    // @ts-expect-error the same for a command context
    bot.use(async (ctx: CommandContext<Context>) => {
      await ctx.reply(ctx.match);
    });
    // @ts-expect-error nor may a type argument narrow what follows
    bot.use<Filter<Context, 'message'>>((_ctx, next) => next());
    bot.use((ctx) => {
      // @ts-expect-error still no reply after use()
      void ctx.reply('x');
    });
  });

  it('keeps a middleware that adds a property, visible downstream', () => {
    const withLang = (ctx: Context & { lang: string }, next: () => Promise<void>) => {
      ctx.lang = 'ko';
      return next();
    };
    bot.use(withLang).on('message:TEXT', (ctx) => {
      expectTypeOf(ctx.lang).toEqualTypeOf<string>();
      void ctx.reply(ctx.lang);
    });
    bot.use<Context & { tenant: string }>().use((ctx) => {
      expectTypeOf(ctx.tenant).toEqualTypeOf<string>();
    });
    bot.on('message').use((ctx: Filter<Context, 'message'> & { seen: boolean }, next) => {
      ctx.seen = true;
      return next();
    });
  });
});

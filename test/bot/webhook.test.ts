import { afterEach, describe, expect, it, vi } from 'vitest';
import { Bot } from '../../src/bot/bot.js';
import { Context, type ContextInit } from '../../src/bot/context.js';
import { MemoryIdempotencyStore } from '../../src/idempotency/memory-store.js';
import { unknownEventType } from '../../src/momotalk/handler/unknown-event-type.js';
import {
  BOT_ID,
  messageCreated,
  messageEvent,
  recordingClient,
  SECRET,
  signedRequest,
} from '../handler/support.js';

afterEach(() => {
  vi.unstubAllEnvs();
});

async function json(response: Response): Promise<unknown> {
  return JSON.parse(await response.text());
}

describe('bot.webhook(): the handler pipeline under the bot', () => {
  it('verifies, runs the chain with a Context for the delivery, and answers 200 {"ok":true}', async () => {
    const { client, requests } = recordingClient();
    const bot = new Bot({ secret: SECRET, botId: BOT_ID, client });
    const seen: unknown[] = [];
    bot.on('message:TEXT', async (ctx) => {
      seen.push(ctx instanceof Context, ctx.eventId, ctx.botId, ctx.header('X-MoMoTalk-Event-Id'));
      await ctx.reply(`Echo: ${ctx.text}`, { metadata: { intent: 'echo' } });
      await ctx.send('and once more');
    });
    const response = await bot.webhook()(signedRequest(messageCreated));
    expect(response.status).toBe(200);
    expect(await json(response)).toEqual({ ok: true });
    expect(seen).toEqual([true, 'evt_01HZX3K9Q2', BOT_ID, 'evt_01HZX3K9Q2']);
    expect(requests.map((r) => r.body)).toEqual([
      { room_id: 123, reply_to_message_id: 456, body: 'Echo: hello', metadata: { intent: 'echo' } },
      { room_id: 123, body: 'and once more' },
    ]);
  });

  it('returns the same handler every time, a Receiver with drain/close', () => {
    const bot = new Bot({ secret: SECRET });
    const handler = bot.webhook();
    expect(bot.webhook()).toBe(handler);
    expect(typeof handler.handleDelivery).toBe('function');
    expect(typeof handler.close).toBe('function');
    expect(handler.pendingTasks).toBe(0);
  });

  it('refuses a forged delivery (401), never running the chain, and a duplicate runs once', async () => {
    const onMessage = vi.fn();
    const bot = new Bot({ secret: SECRET });
    bot.on('message', onMessage);
    const forged = await bot.webhook()(signedRequest(messageCreated, { secret: 'another-secret-value' }));
    expect(forged.status).toBe(401);
    expect(await json(forged)).toEqual({ error: 'invalid_signature' });
    expect((await bot.webhook()(signedRequest(messageEvent('evt_once')))).status).toBe(200);
    expect((await bot.webhook()(signedRequest(messageEvent('evt_once')))).status).toBe(200);
    expect(onMessage).toHaveBeenCalledTimes(1);
  });

  it('answers 200 for an unknown event type, which reaches the chain', async () => {
    const bot = new Bot({ secret: SECRET });
    const types: string[] = [];
    bot.on(unknownEventType('room.member_joined'), (ctx) => {
      types.push(String(ctx.event.event_type));
    });
    const response = await bot.webhook()(
      signedRequest({ event_type: 'room.member_joined', event_id: 'evt_join', room_id: 1 }),
    );
    expect(response.status).toBe(200);
    expect(types).toEqual(['room.member_joined']);
  });

  it('webhook().on(type, (event, ctx) => …) adds a handler at the end of the chain', async () => {
    const bot = new Bot({ secret: SECRET });
    const log: string[] = [];
    bot.use((_ctx, next) => {
      log.push('bot');
      return next();
    });
    bot.webhook().on('talk.message_created', (event, ctx) => {
      log.push(`on:${event.message.body}:${ctx.eventId}`);
    });
    await bot.webhook()(signedRequest(messageCreated));
    expect(log).toEqual(['bot', 'on:hello:evt_01HZX3K9Q2']);
    expect(() => bot.webhook().on('' as never, () => {})).toThrow(/handler.on: pass an event type/);
  });

  it('webhook().on: ctx.reply and ctx.header work destructured, as on the handler', async () => {
    const { client, requests } = recordingClient();
    const bot = new Bot({ secret: SECRET, client });
    const seen: unknown[] = [];
    bot.webhook().on('talk.message_created', async (_event, { reply, header, eventId, client: own }) => {
      seen.push(header('X-MoMoTalk-Event-Id'), eventId, own === client);
      await reply('destructured');
    });
    const response = await bot.webhook()(signedRequest(messageCreated));
    expect(response.status).toBe(200);
    expect(seen).toEqual(['evt_01HZX3K9Q2', 'evt_01HZX3K9Q2', true]);
    expect(requests.map((r) => r.body)).toEqual([
      { room_id: 123, reply_to_message_id: 456, body: 'destructured' },
    ]);
  });

  it('takes the secret and bot id from MOMOTALK_WEBHOOK_SECRET and MOMOTALK_BOT_ID', async () => {
    vi.stubEnv('MOMOTALK_WEBHOOK_SECRET', SECRET);
    vi.stubEnv('MOMOTALK_BOT_ID', 'bot_env');
    const handler = new Bot().webhook();
    expect(await json(await handler(signedRequest(messageCreated)))).toEqual({ error: 'bot_id_mismatch' });
    expect((await handler(signedRequest(messageEvent('evt_env', { bot_id: 'bot_env' })))).status).toBe(200);
  });

  it("acknowledge: 'before-processing' answers 200 first; a failure then goes to onError only", async () => {
    const onError = vi.fn();
    const bot = new Bot({ secret: SECRET, acknowledge: 'before-processing', onError });
    bot.use(() => {
      throw new Error('later');
    });
    const handler = bot.webhook();
    expect((await handler(signedRequest(messageCreated))).status).toBe(200);
    await handler.drain();
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ message: 'later' }), expect.anything());
  });

  it('builds the context with contextConstructor', async () => {
    class MyContext extends Context {
      readonly seenAt: string;
      constructor(init: ContextInit) {
        super(init);
        this.seenAt = 'now';
      }
    }
    const bot = new Bot<MyContext>({ secret: SECRET, contextConstructor: MyContext });
    const seen: unknown[] = [];
    bot.use((ctx) => {
      seen.push(ctx instanceof MyContext, ctx.seenAt);
    });
    await bot.webhook()(signedRequest(messageCreated));
    expect(seen).toEqual([true, 'now']);
  });
});

describe('new Bot(): options', () => {
  it('needs no secret until webhook(), which then names both ways to give one', () => {
    const bot = new Bot();
    expect(() => bot.webhook()).toThrow(
      /new Bot: no webhook secret\. Pass \{ secret \}.*MOMOTALK_WEBHOOK_SECRET/,
    );
  });

  it('refuses the handler-only routing hooks, naming what replaces them', () => {
    expect(() => new Bot({ onEvent: () => {} } as never)).toThrow(/bot\.use\(\(ctx, next\) => …\)/);
    expect(() => new Bot({ onUnknown: () => {} } as never)).toThrow(/unknownEventType/);
  });

  it('refuses invalid options at construction, never echoing a secret', () => {
    expect(() => new Bot({ secret: SECRET, secrets: [SECRET] })).toThrow(/give only one of secret, secrets/);
    expect(() => new Bot({ secret: '' })).toThrow(TypeError);
    expect(() => new Bot({ replyTimeout: 0 })).toThrow(/new Bot: replyTimeout must be/);
    expect(() => new Bot({ botName: '' })).toThrow(/botName must be a non-empty string/);
    expect(() => new Bot({ contextConstructor: 'Context' as never })).toThrow(/contextConstructor/);
    let error: unknown;
    try {
      new Bot({ secret: SECRET, getSecret: () => SECRET });
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(TypeError);
    expect(String((error as Error).message)).not.toContain(SECRET);
  });

  it('checks the pipeline options (limits, dedupe, acknowledge) at webhook()', () => {
    expect(() => new Bot({ secret: SECRET, maxBodyBytes: -1 }).webhook()).toThrow(/new Bot: maxBodyBytes/);
    expect(() => new Bot({ secret: SECRET, acknowledge: 'never' as never }).webhook()).toThrow(/acknowledge/);
  });

  it('ctx.reply without a client fails with a TypeError naming the fix', async () => {
    const bot = new Bot();
    bot.on('message', (ctx) => ctx.reply('hi'));
    await expect(bot.handleEvent(messageCreated as never)).rejects.toThrow(
      /no Bot API client\. Pass one to new Bot: \{ client: new BotClient\(\) \}/,
    );
  });
});

describe('errors: errorBoundary → bot.catch → onError → 500 (claim released)', () => {
  it('an error no boundary handles reaches bot.catch, then onError, then 500; the redelivery runs again', async () => {
    const order: string[] = [];
    const store = new MemoryIdempotencyStore();
    let attempts = 0;
    const bot = new Bot({
      secret: SECRET,
      dedupe: { store },
      onError: (error, info) => {
        order.push(`onError:${(error as Error).message}:${info.phase}:${info.eventId}`);
      },
    });
    bot.catch((error, ctx) => {
      order.push(`catch:${(error as Error).message}:${ctx.eventId}`);
    });
    bot.on('message', () => {
      attempts += 1;
      if (attempts === 1) throw new Error('database down');
    });
    const failed = await bot.webhook()(signedRequest(messageEvent('evt_fail')));
    expect(failed.status).toBe(500);
    expect(await json(failed)).toEqual({ error: 'processing_failed' });
    expect(order).toEqual(['catch:database down:evt_fail', 'onError:database down:process:evt_fail']);
    expect((await bot.webhook()(signedRequest(messageEvent('evt_fail')))).status).toBe(200);
    expect(attempts).toBe(2);
  });

  it('the innermost boundary handles the error first; one that rethrows passes it on', async () => {
    const order: string[] = [];
    const bot = new Bot({ secret: SECRET, onError: () => void order.push('onError') });
    bot.catch(() => {
      order.push('catch');
    });
    bot
      .errorBoundary((error) => {
        order.push(`outer:${(error as Error).message}`);
        throw error;
      })
      .errorBoundary(
        (error) => {
          order.push(`inner:${(error as Error).message}`);
          throw new Error('rethrown', { cause: error });
        },
        () => {
          throw new Error('boom');
        },
      );
    const response = await bot.webhook()(signedRequest(messageEvent('evt_nested')));
    expect(response.status).toBe(500);
    expect(order).toEqual(['inner:boom', 'outer:rethrown', 'catch', 'onError']);
  });

  it('a boundary that handles the error ends the chain: 200, no catch, no onError', async () => {
    const order: string[] = [];
    const bot = new Bot({ secret: SECRET, onError: () => void order.push('onError') });
    bot.catch(() => {
      order.push('catch');
    });
    bot.errorBoundary(
      (error, ctx) => {
        order.push(`handled:${(error as Error).message}:${ctx.eventId}`);
      },
      () => {
        throw new Error('boom');
      },
    );
    bot.use(() => {
      order.push('after boundary');
    });
    const response = await bot.webhook()(signedRequest(messageEvent('evt_handled')));
    expect(response.status).toBe(200);
    expect(order).toEqual(['handled:boom:evt_handled']);
  });

  it('errors after the boundary (from its next()) are not its own: they pass through it', async () => {
    const order: string[] = [];
    const bot = new Bot();
    bot.catch((error) => {
      order.push(`catch:${(error as Error).message}`);
    });
    bot.errorBoundary(
      () => {
        order.push('boundary');
      },
      (_ctx, next) => next(),
    );
    bot.use(() => {
      throw new Error('downstream');
    });
    await expect(bot.handleEvent(messageCreated as never)).rejects.toThrow('downstream');
    expect(order).toEqual(['catch:downstream']);
  });

  it('handleEvent rejects with the error after bot.catch; an error thrown by catch replaces it', async () => {
    const bot = new Bot();
    bot.use(() => {
      throw new Error('first');
    });
    const caught: unknown[] = [];
    bot.catch((error) => {
      caught.push(error);
    });
    await expect(bot.handleEvent(messageCreated as never)).rejects.toThrow('first');
    expect(caught).toHaveLength(1);
    bot.catch(() => {
      throw new Error('from catch');
    });
    await expect(bot.handleEvent(messageCreated as never)).rejects.toThrow('from catch');
    expect(() => bot.catch('no' as never)).toThrow(/bot\.catch: pass a function/);
  });

  it('a synchronous throw in a sync middleware goes the same way', async () => {
    const bot = new Bot();
    const caught: string[] = [];
    bot
      .errorBoundary((error) => {
        caught.push((error as Error).message);
      })
      .use(() => {
        throw new Error('sync');
      });
    await bot.handleEvent(messageCreated as never);
    expect(caught).toEqual(['sync']);
  });
});

// The handler's `replyTimeout`: `ctx.reply` sends made during one delivery share a budget.
import { describe, expect, it } from 'vitest';
import { BotClient } from '../../src/client/bot-client.js';
import type { RequestOptions } from '../../src/client/client-options.js';
import { createWebhookHandler } from '../../src/momotalk/handler/create-webhook-handler.js';
import type { ReplyClient } from '../../src/momotalk/handler/webhook-context.js';
import { messageEvent, SECRET, signedRequest } from '../handler/support.js';
import { rejectionOf, TOKEN } from './support.js';

/** A client double that records the options of each reply. */
function recording(): { client: ReplyClient; seen: Array<RequestOptions | undefined> } {
  const seen: Array<RequestOptions | undefined> = [];
  const client = {
    reply: async (_event: unknown, _body: string, _extra?: unknown, options?: RequestOptions) => {
      seen.push(options);
      return {} as never;
    },
    sendMessage: async () => ({}) as never,
  } as ReplyClient;
  return { client, seen };
}

describe('replyTimeout', () => {
  it('gives each reply what is left of the budget as its totalTimeout, never more than asked', async () => {
    const { client, seen } = recording();
    const handler = createWebhookHandler({ secret: SECRET, client, replyTimeout: 5000 }).on(
      'talk.message_created',
      async (_event, ctx) => {
        await ctx.reply('first');
        await new Promise((resolve) => setTimeout(resolve, 50));
        await ctx.reply('second', undefined, { totalTimeout: 100, retry: false });
      },
    );
    expect((await handler(signedRequest(messageEvent('evt_budget_1')))).status).toBe(200);
    const [first, second] = seen;
    expect(first?.totalTimeout).toBeGreaterThan(4800);
    expect(first?.totalTimeout).toBeLessThanOrEqual(5000);
    expect(second).toEqual({ totalTimeout: 100, retry: false });
  });

  it('once the budget is spent, ctx.reply rejects with MoMoTalkTimeoutError without sending', async () => {
    const { client, seen } = recording();
    let failure: unknown;
    const handler = createWebhookHandler({ secret: SECRET, client, replyTimeout: 30 }).on(
      'talk.message_created',
      async (_event, ctx) => {
        await new Promise((resolve) => setTimeout(resolve, 60));
        failure = await rejectionOf(ctx.reply('too late'));
      },
    );
    await handler(signedRequest(messageEvent('evt_budget_2')));
    expect(failure).toMatchObject({ name: 'MoMoTalkTimeoutError', kind: 'total', timeout: 30 });
    expect(seen).toHaveLength(0);
  });

  it('bounds a real BotClient against a server that never answers', async () => {
    const hung: typeof fetch = (input) =>
      new Promise((_resolve, reject) => {
        const { signal } = input as Request;
        signal.addEventListener('abort', () => reject(signal.reason), { once: true });
      });
    const client = new BotClient({
      botId: 'bot_test',
      token: TOKEN,
      baseUrl: 'https://bot.test/api',
      fetch: hung,
    });
    let failure: unknown;
    const handler = createWebhookHandler({ secret: SECRET, client, replyTimeout: 150 }).on(
      'talk.message_created',
      async (_event, ctx) => {
        failure = await rejectionOf(ctx.reply('hello'));
      },
    );
    const started = performance.now();
    await handler(signedRequest(messageEvent('evt_budget_3')));
    expect(performance.now() - started).toBeLessThan(2000);
    expect(failure).toMatchObject({ name: 'MoMoTalkTimeoutError', kind: 'total' });
  });

  it('is checked when the handler is created', () => {
    expect(() => createWebhookHandler({ secret: SECRET, replyTimeout: 0 })).toThrow(/replyTimeout/);
    expect(() => createWebhookHandler({ secret: SECRET, replyTimeout: Number.NaN })).toThrow(TypeError);
  });
});

// A conversation's sends (prompts, retries, ctx.reply / answer.reply / send inside it) get the Bot's
// `replyTimeout` budget exactly as ctx.reply does: what is left as their totalTimeout, and once it is spent a
// MoMoTalkTimeoutError without sending, so nothing is journaled and a redelivery sends it.
import { describe, expect, it } from 'vitest';
import { Bot } from '../../src/bot/bot.js';
import type { Context } from '../../src/bot/context.js';
import { type ConversationFlavor, conversations } from '../../src/bot/conversation/conversations.js';
import { createConversation } from '../../src/bot/conversation/create-conversation.js';
import { MemorySessionStorage } from '../../src/bot/session/memory-session-storage.js';
import type { RequestOptions } from '../../src/client/client-options.js';
import { MoMoTalkTimeoutError } from '../../src/errors/timeout-error.js';
import type { ReplyClient } from '../../src/momotalk/handler/webhook-context.js';
import { recordingClient, textEvent } from '../bot/support.js';

type MyContext = Context & ConversationFlavor;

/** A recording client that also keeps the request options of each send. */
function optionsRecordingClient() {
  const { client, requests } = recordingClient();
  const options: Array<RequestOptions | undefined> = [];
  const wrapped: ReplyClient = {
    reply: (...args) => client.reply(...args),
    sendMessage: (params, requestOptions) => {
      options.push(requestOptions);
      return client.sendMessage(params, requestOptions);
    },
  };
  const bodies = () => requests.map((r) => (r.body as { body: string }).body);
  return { client: wrapped, options, bodies };
}

const alice = (body: string) => textEvent(body, { sender_user_id: 'user_alice', room_id: 1 });

/** A bot whose 'greet' conversation asks a name and answers it; `before` runs before the answer. */
function greetingBot(replyTimeout: number | undefined, before: () => Promise<void> = async () => {}) {
  const recording = optionsRecordingClient();
  const storage = new MemorySessionStorage();
  const bot = new Bot<MyContext>(
    replyTimeout === undefined ? { client: recording.client } : { client: recording.client, replyTimeout },
  );
  bot.use(conversations({ storage }));
  bot.use(
    createConversation('greet', async (conversation, ctx) => {
      const name = await conversation.ask('Name?');
      await conversation.step('before', before);
      await ctx.reply(`Hello, ${name}!`);
    }),
  );
  bot.command('greet', (ctx) => ctx.conversation.enter('greet'));
  return { bot, storage, ...recording };
}

describe("conversation sends and the Bot's replyTimeout", () => {
  it('gives each send what is left of the budget as its totalTimeout, as ctx.reply gets it', async () => {
    const { bot, options, bodies } = greetingBot(5_000);
    await bot.handleEvent(alice('/greet'));
    await bot.handleEvent(alice('Momo'));
    expect(bodies()).toEqual(['Name?', 'Hello, Momo!']);
    expect(options).toHaveLength(2);
    for (const sent of options) {
      expect(sent?.totalTimeout).toBeGreaterThan(4_000);
      expect(sent?.totalTimeout).toBeLessThanOrEqual(5_000);
    }
  });

  it('passes no options without a replyTimeout (bounded by the client alone, like ctx.reply)', async () => {
    const { bot, options, bodies } = greetingBot(undefined);
    await bot.handleEvent(alice('/greet'));
    await bot.handleEvent(alice('Momo'));
    expect(bodies()).toEqual(['Name?', 'Hello, Momo!']);
    expect(options).toEqual([undefined, undefined]);
  });

  it('once the budget is spent, rejects with MoMoTalkTimeoutError without sending; a redelivery sends it once', async () => {
    const slow = () => new Promise<void>((resolve) => setTimeout(resolve, 400));
    const { bot, bodies } = greetingBot(300, slow);
    await bot.handleEvent(alice('/greet'));
    const answer = alice('Momo');
    const failure = await bot.handleEvent(answer).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(MoMoTalkTimeoutError);
    expect((failure as MoMoTalkTimeoutError).kind).toBe('total');
    expect(bodies()).toEqual(['Name?']);
    // The slow step was journaled, the send was not: the platform's redelivery replays the step and sends.
    await bot.handleEvent(answer);
    expect(bodies()).toEqual(['Name?', 'Hello, Momo!']);
  });
});

// A conversation on the durable inbox: a failed event is run again by the worker, whose send ledger numbers
// the event's sends to recognise those an earlier run posted. The conversation replays the sends it journaled
// without a request; they must keep their numbers, or the next send takes one and is taken for an earlier
// send: "replayed" from the ledger, never posted.
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Bot } from '../../src/bot/bot.js';
import type { Context } from '../../src/bot/context.js';
import { type ConversationFlavor, conversations } from '../../src/bot/conversation/conversations.js';
import { createConversation } from '../../src/bot/conversation/create-conversation.js';
import { BotClient } from '../../src/client/bot-client.js';
import { createMemoryInbox } from '../../src/inbox/index.js';
import { createMessageCreatedEvent } from '../../src/testing/create-message-created-event.js';
import { createSignedRequest } from '../../src/testing/create-signed-request.js';
import { BOT_ID, SECRET } from '../support/index.js';

const BASE_URL = 'https://bot.test/api';
const api = setupServer();
beforeAll(() => api.listen({ onUnhandledFrame: 'error' }));
afterEach(() => api.resetHandlers());
afterAll(() => api.close());

/** Records the body of every message the Bot API receives. */
function recordSends(): string[] {
  const sent: string[] = [];
  api.use(
    http.post(`${BASE_URL}/bots/${BOT_ID}/messages`, async ({ request }) => {
      sent.push(((await request.json()) as { body: string }).body);
      return HttpResponse.json({ ok: true, message_id: `m${sent.length}` });
    }),
  );
  return sent;
}

/** A bot on a memory inbox whose 'save' step fails `failures` times; `ask` asks a name first. */
function savingBot(failures: number, ask: boolean) {
  const inbox = createMemoryInbox();
  const client = new BotClient({
    botId: BOT_ID,
    token: 'mmt_token_for_tests_only',
    baseUrl: BASE_URL,
    retry: false,
  });
  const bot = new Bot<Context & ConversationFlavor>({ secret: SECRET, botId: BOT_ID, client, inbox });
  let left = failures;
  bot.use(conversations());
  bot.use(
    createConversation('save', async (conversation, ctx) => {
      const name = ask ? await conversation.ask('Name?') : 'you';
      await ctx.reply('Saving…');
      await conversation.step('save', () => {
        if (left-- > 0) throw new Error('database unavailable');
      });
      await ctx.reply(`Saved, ${name}!`);
    }),
  );
  bot.command('save', (ctx) => ctx.conversation.enter('save'));
  let n = 0;
  const deliver = async (body: string) => {
    n += 1;
    const event = createMessageCreatedEvent({
      bot_id: BOT_ID,
      event_id: `evt_ledger_${n}`,
      message: { room_id: 5, body },
    });
    expect((await bot.webhook()(await createSignedRequest(event, SECRET))).status).toBe(200);
  };
  const drain = async () => {
    const worker = inbox.worker({ handler: bot, maxAttempts: 3, backoffMs: 1 });
    await inbox.idle();
    await worker.close();
  };
  return { deliver, drain };
}

describe('a conversation on the inbox, run again after a failed step', () => {
  it('posts the send after the failed step, and the one before it once', async () => {
    const sent = recordSends();
    const { deliver, drain } = savingBot(1, false);
    await deliver('/save');
    await drain();
    expect(sent).toEqual(['Saving…', 'Saved, you!']);
  });

  it('keeps the numbering across messages: sends journaled by an earlier event are counted on replay', async () => {
    const sent = recordSends();
    const { deliver, drain } = savingBot(2, true);
    await deliver('/save');
    await drain();
    await deliver('Momo');
    await drain();
    expect(sent).toEqual(['Name?', 'Saving…', 'Saved, Momo!']);
  });
});

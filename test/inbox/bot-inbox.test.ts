// The bot layer on the durable inbox: `new Bot({ inbox })` stores events from its webhook, and a worker runs
// them through the bot's chain (`bot` or `bot.webhook()` as the worker's handler), in room order, with the
// send ledger around `ctx.reply` (a re-run after a confirmed reply does not send it again).
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Bot } from '../../src/bot/bot.js';
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

const client = () =>
  new BotClient({ botId: BOT_ID, token: 'mmt_token_for_tests_only', baseUrl: BASE_URL, retry: false });
const message = (room: number, n: number, body: string) =>
  createMessageCreatedEvent({
    bot_id: BOT_ID,
    event_id: `evt_${room}_${n}`,
    message: { room_id: room, body },
  });

describe('a Bot on the inbox', () => {
  for (const as of ['bot', 'bot.webhook()'] as const) {
    it(`stores from bot.webhook(), runs the chain in each room's order in the worker (handler: ${as})`, async () => {
      const sent: string[] = [];
      api.use(
        http.post(`${BASE_URL}/bots/${BOT_ID}/messages`, async ({ request }) => {
          sent.push(((await request.json()) as { body: string }).body);
          return HttpResponse.json({ ok: true, message_id: `m${sent.length}` });
        }),
      );
      const inbox = createMemoryInbox();
      const seen: string[] = [];
      const bot = new Bot({ secret: SECRET, botId: BOT_ID, client: client(), inbox });
      bot.use(async (ctx, next) => {
        seen.push(`${ctx.eventId}@${ctx.botId}`);
        await next();
      });
      bot.command('echo', (ctx) => ctx.reply(`echo ${ctx.match}`));
      const webhook = bot.webhook();
      for (const n of [1, 2, 3]) {
        const response = await webhook(await createSignedRequest(message(7, n, `/echo ${n}`), SECRET));
        expect(response.status).toBe(200);
      }
      expect(sent).toEqual([]); // stored, not run: the worker runs them
      const worker = inbox.worker({ handler: as === 'bot' ? bot : webhook });
      await inbox.idle();
      await worker.close();
      expect(sent).toEqual(['echo 1', 'echo 2', 'echo 3']);
      expect(seen).toEqual([`evt_7_1@${BOT_ID}`, `evt_7_2@${BOT_ID}`, `evt_7_3@${BOT_ID}`]);
    });
  }

  it("a re-run after a confirmed reply does not send it again (the ledger wraps the bot's client)", async () => {
    let posts = 0;
    api.use(
      http.post(`${BASE_URL}/bots/${BOT_ID}/messages`, () => {
        posts += 1;
        return HttpResponse.json({ ok: true, message_id: `m${posts}` });
      }),
    );
    const inbox = createMemoryInbox();
    let runs = 0;
    const bot = new Bot({ secret: SECRET, botId: BOT_ID, client: client(), inbox });
    bot.on('message:TEXT', async (ctx) => {
      runs += 1;
      await ctx.reply('first');
      if (runs === 1) throw new Error('fails after its reply');
    });
    await bot.webhook()(await createSignedRequest(message(9, 1, 'hi'), SECRET));
    const worker = inbox.worker({ handler: bot, maxAttempts: 3, backoffMs: 1 });
    await inbox.idle();
    await worker.close();
    expect(runs).toBe(2);
    expect(posts).toBe(1);
  });
});

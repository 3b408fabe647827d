// The code blocks of docs/sessions.md, run as the page shows them (each written to a file and imported, the
// package's specifiers pointing at src/), with the MOMOTALK_* variables the page's `new BotClient()` reads and
// msw standing in for the Bot API. The Redis block runs against a real redis-server in redis-guide.test.ts.
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Bot } from '../../src/bot/bot.js';
import type { Context } from '../../src/bot/context.js';
import type { SessionFlavor } from '../../src/bot/session/session.js';
import { createMessageCreatedEvent } from '../../src/testing/create-message-created-event.js';
import { createBotApiHandlers } from '../../src/testing/msw/bot-api-handlers.js';
import { docCodeBlocks, writeDocBlock } from '../testing/doc-blocks.js';

const BOT_ID = 'bot_sessions_guide';
const TOKEN = 'sessions-guide-token';
const api = createBotApiHandlers({ botId: BOT_ID, token: TOKEN, baseUrl: 'https://bot-api.test/api' });
const server = setupServer(...api.handlers);

vi.stubEnv('MOMOTALK_BOT_ID', BOT_ID);
vi.stubEnv('MOMOTALK_BOT_TOKEN', TOKEN);
vi.stubEnv('MOMOTALK_API_BASE_URL', api.baseUrl);
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterAll(() => {
  server.close();
  vi.unstubAllEnvs();
});

const blocks = docCodeBlocks('docs/sessions.md');
let room = 0;

/** A bot's answers to `bodies`, written one after another by one user in a fresh room. */
async function conversation(bot: Bot<never>, bodies: readonly string[]): Promise<string[]> {
  room += 1;
  const start = api.messages.length;
  for (const [index, body] of bodies.entries()) {
    const event = createMessageCreatedEvent({
      bot_id: BOT_ID,
      event_id: `evt_sessions_guide_${room}_${index}`,
      message: { room_id: room, sender_user_id: 'user_alice', body },
    });
    await bot.handleEvent(event);
  }
  return api.messages.slice(start).map((message) => message.body);
}

it('has the counter, the cart, the Redis storage, the signup conversation and its test', () => {
  expect(blocks).toHaveLength(5);
  expect(blocks[0]).toContain("bot.command('count'");
  expect(blocks[1]).toContain('cartSchema');
  expect(blocks[2]).toContain('RedisSessionStorage');
  expect(blocks[3]).toContain("createConversation(\n    'signup'");
  expect(blocks[4]).toContain('createTestBot');
});

it('the counter bot counts per room (/lang and /help leave the count), and /reset starts again from initial()', async () => {
  const { bot } = (await import(writeDocBlock(blocks[0] ?? '', 'sessions-counter'))) as { bot: Bot<never> };
  expect(
    await conversation(bot, ['/count', '/count', '/lang en', '/help', '/count', '/reset', '/count']),
  ).toEqual(['1', '2', '3', '1']);
  expect(await conversation(bot, ['/count'])).toEqual(['1']); // another room, another session
});

it('the cart bot types its session from the schema: a stored date comes back as a Date', async () => {
  const { bot } = (await import(writeDocBlock(blocks[1] ?? '', 'sessions-cart'))) as {
    bot: Bot<Context & SessionFlavor<{ items: string[]; updatedAt: Date }>>;
  };
  bot.command('add', async (ctx) => {
    const cart = await ctx.session;
    cart.items.push(ctx.match);
    cart.updatedAt = new Date(Date.UTC(2026, 11, 7));
  });
  bot.command('cart', async (ctx) => {
    const cart = await ctx.session;
    await ctx.reply(
      `${cart.items.join(',')} ${cart.updatedAt instanceof Date} ${cart.updatedAt.toISOString()}`,
    );
  });
  expect(
    await conversation(bot as unknown as Bot<never>, ['/cart', '/add tea', '/add cake', '/cart']),
  ).toEqual([' true 1970-01-01T00:00:00.000Z', 'tea,cake true 2026-12-07T00:00:00.000Z']);
});

it('the signup conversation asks, re-asks, saves once, welcomes; /cancel leaves it', async () => {
  const { bot, saved } = (await import(writeDocBlock(blocks[3] ?? '', 'sessions-signup'))) as {
    bot: Bot<never>;
    saved: unknown[];
  };
  expect(await conversation(bot, ['/signup', '김모모', '스무 살', '20', 'hello'])).toEqual([
    '이름을 알려주세요',
    '나이는요?',
    '숫자로 보내주세요',
    '환영합니다, 김모모님!',
    'Echo: hello',
  ]);
  expect(saved).toEqual([{ name: '김모모', age: 20 }]);
  expect(await conversation(bot, ['/signup', '/cancel', 'hello'])).toEqual([
    '이름을 알려주세요',
    '취소했어요',
    'Echo: hello',
  ]);
});

describe("the guide's createTestBot test", async () => {
  await import(writeDocBlock(blocks[4] ?? '', 'sessions-test-bot'));
});

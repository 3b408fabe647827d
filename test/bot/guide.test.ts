// The first bot of docs/bot.md, run as the page shows it (the block written to a file and imported, the
// package's specifiers pointing at src/), with its settings in MOMOTALK_* variables as the page says, and msw
// standing in for the Bot API: /help, /echo, the Korean trigger and the echo fallback answer as described.
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { createMessageCreatedEvent } from '../../src/testing/create-message-created-event.js';
import { createSignedRequest } from '../../src/testing/create-signed-request.js';
import { createBotApiHandlers } from '../../src/testing/msw/bot-api-handlers.js';
import { docCodeBlocks, writeDocBlock } from '../testing/doc-blocks.js';

const SECRET = 'guide-secret-0123456789';
const BOT_ID = 'bot_guide';
const TOKEN = 'guide-token';
const api = createBotApiHandlers({ botId: BOT_ID, token: TOKEN, baseUrl: 'https://bot-api.test/api' });
const server = setupServer(...api.handlers);

beforeAll(() => {
  vi.stubEnv('MOMOTALK_WEBHOOK_SECRET', SECRET);
  vi.stubEnv('MOMOTALK_BOT_ID', BOT_ID);
  vi.stubEnv('MOMOTALK_BOT_TOKEN', TOKEN);
  vi.stubEnv('MOMOTALK_API_BASE_URL', api.baseUrl);
  server.listen({ onUnhandledFrame: 'error' });
});
afterAll(() => {
  server.close();
  vi.unstubAllEnvs();
});

it("the guide's first command bot answers /help, /echo, 주문 <n> and other text as the page says", async () => {
  const [first] = docCodeBlocks('docs/bot.md');
  expect(first).toContain("bot.command('help'");
  const { default: app } = (await import(writeDocBlock(first ?? '', 'bot-guide-first'))) as {
    default: { fetch: (request: Request) => Promise<Response> };
  };
  const say = async (body: string) => {
    const event = createMessageCreatedEvent({ bot_id: BOT_ID, message: { body } });
    const response = await app.fetch(await createSignedRequest(event, SECRET));
    expect(response.status).toBe(200);
    return event.message.message_id;
  };
  const help = await say('/help');
  const echo = await say('/echo 안녕');
  const empty = await say('/echo');
  const order = await say('주문 12');
  const text = await say('hello');
  expect(api.messages.map((m) => [m.body, m.reply_to_message_id])).toEqual([
    ['Commands: /help, /echo <text>', help],
    ['안녕', echo],
    ['Echo what? Try /echo 안녕', empty],
    ['주문 12번을 확인했어요', order],
    ['Echo: hello', text],
  ]);
});

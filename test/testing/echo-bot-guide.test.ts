// The two tests of docs/testing.md, run for real (imports from src instead of the package name), so the
// guide's flow cannot silently break: a unit test with msw, an integration test with the emulator.
import { once } from 'node:events';
import { createServer } from 'node:http';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { toNodeListener } from '../../src/adapters/node-http.js';
import { BotClient, createWebhookHandler } from '../../src/index.js';
import {
  createMessageCreatedEvent,
  createSignedRequest,
  type Emulator,
  startEmulator,
} from '../../src/testing/index.js';
import { createBotApiHandlers } from '../../src/testing/msw/index.js';

function createEchoBot(options: { secret: string; client: BotClient }) {
  return createWebhookHandler(options).on('talk.message_created', (event, ctx) =>
    ctx.reply(`Echo: ${event.message.body}`),
  );
}

describe('guide: unit test with createSignedRequest and msw', () => {
  const SECRET = 'test-secret';
  const api = createBotApiHandlers({ botId: 'bot_test', token: 'test-token' });
  const server = setupServer(...api.handlers);
  beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
  afterEach(() => api.reset());
  afterAll(() => server.close());
  const bot = createEchoBot({
    secret: SECRET,
    client: new BotClient({ botId: 'bot_test', token: 'test-token' }),
  });

  it('echoes the message into its room, as a reply', async () => {
    const event = createMessageCreatedEvent({ bot_id: 'bot_test', message: { body: 'hello' } });
    const response = await bot(await createSignedRequest(event, SECRET));
    expect(response.status).toBe(200);
    expect(api.messages).toMatchObject([
      { room_id: 123, body: 'Echo: hello', reply_to_message_id: event.message.message_id },
    ]);
  });

  it('refuses a delivery signed with another secret', async () => {
    const response = await bot(await createSignedRequest(createMessageCreatedEvent(), 'not-the-secret'));
    expect(response.status).toBe(401);
    expect(api.messages).toHaveLength(0);
  });
});

describe('guide: integration test with startEmulator', () => {
  let emulator: Emulator;
  const server = createServer();
  beforeAll(async () => {
    emulator = await startEmulator();
    const client = new BotClient({
      botId: emulator.botId,
      token: emulator.token,
      baseUrl: emulator.apiBaseUrl,
    });
    server.on('request', toNodeListener(createEchoBot({ secret: emulator.secret, client })));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as { port: number };
    emulator.setCallbackUrl(`http://127.0.0.1:${port}/momotalk/webhook`);
  });
  afterAll(async () => {
    server.close();
    await emulator.close();
  });

  it('a user says hello, the bot answers through the Bot API', async () => {
    const { delivery } = await emulator.sendUserMessage('hello');
    expect(delivery.status).toBe(200);
    const reply = await emulator.waitForBotMessage();
    expect(reply).toMatchObject({ room_id: 123, body: 'Echo: hello' });
  });
});

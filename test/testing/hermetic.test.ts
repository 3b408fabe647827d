import { afterAll, expect, it, vi } from 'vitest';
import {
  createMessageCreatedEvent,
  createSignedRequest,
  createTestBot,
  startEmulator,
} from '../../src/testing/index.js';
import { createBotApiHandlers } from '../../src/testing/msw/index.js';

// The test kit uses only what it is given: MOMOTALK_* variables in the shell never reach it.
for (const [name, value] of Object.entries({
  MOMOTALK_WEBHOOK_SECRET: 'whsec_from_the_shell',
  MOMOTALK_BOT_ID: 'bot_from_the_shell',
  MOMOTALK_BOT_TOKEN: 'token_from_the_shell',
  MOMOTALK_API_BASE_URL: 'http://127.0.0.1:9/api',
})) {
  vi.stubEnv(name, value);
}
afterAll(() => {
  vi.unstubAllEnvs();
});

it('factories and signed requests ignore MOMOTALK_* variables', async () => {
  const event = createMessageCreatedEvent();
  expect(event.bot_id).toBe('bot_local');
  const request = await createSignedRequest(event, 'test-secret');
  expect(request.headers.get('x-momotalk-bot-id')).toBe('bot_local');
  expect(request.url).toBe('http://localhost/momotalk/webhook');
});

it('startEmulator ignores MOMOTALK_* variables: its own bot id, token and secret', async () => {
  const emulator = await startEmulator();
  try {
    expect(emulator.botId).toBe('bot_local');
    expect(emulator.token).toMatch(/^emu_tok_/);
    expect(emulator.secret).toMatch(/^emu_whsec_/);
  } finally {
    await emulator.close();
  }
});

it('the msw handlers answer on their own base URL, which they expose for BotClient', () => {
  expect(createBotApiHandlers().baseUrl).toBe('https://bot.mmrnd.net/api');
  expect(createBotApiHandlers({ baseUrl: 'http://mock.test/api/' }).baseUrl).toBe('http://mock.test/api');
});

it('createTestBot ignores MOMOTALK_* variables: its own bot id, token and in-process Bot API', async () => {
  const chat = createTestBot({
    handleEvent: (event, { client }) =>
      event.event_type === 'talk.message_created' ? client.reply(event, 'pong') : Promise.resolve(),
  });
  const said = await chat.user('user_alice').says('ping');
  expect(said.event.bot_id).toBe('bot_test');
  expect(chat.client.botId).toBe('bot_test');
  expect(chat.client.baseUrl).not.toContain('127.0.0.1:9');
  expect(chat.attempts.map((attempt) => attempt.status)).toEqual([201]);
});

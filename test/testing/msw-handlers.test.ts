import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BotClient } from '../../src/client/bot-client.js';
import { createBotApiHandlers } from '../../src/testing/msw/index.js';

const api = createBotApiHandlers({ baseUrl: 'https://bot.test/api/', botId: 'bot_1', token: 'tok_1' });
const server = setupServer(...api.handlers);
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => api.reset());
afterAll(() => server.close());

const post = (body: unknown, headers: Record<string, string> = {}, botId = 'bot_1') =>
  fetch(`https://bot.test/api/bots/${botId}/messages`, {
    method: 'POST',
    headers: { authorization: 'Bearer tok_1', 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

describe('createBotApiHandlers (momotalk-bot-sdk/testing/msw)', () => {
  it('records what BotClient sends and answers 201 with the message id', async () => {
    const client = new BotClient({ botId: 'bot_1', token: 'tok_1', baseUrl: 'https://bot.test/api' });
    const result = await client.sendMessage({
      room_id: 123,
      body: 'Echo: hi',
      reply_to_message_id: 456,
      metadata: { a: 1 },
    });
    expect(result.status).toBe(201);
    expect(result.messageId).toBe(1);
    expect(api.messages).toEqual([
      {
        bot_id: 'bot_1',
        message_id: 1,
        room_id: 123,
        body: 'Echo: hi',
        reply_to_message_id: 456,
        metadata: { a: 1 },
      },
    ]);
  });

  it('answers 401 for a wrong token, 404 for another bot, 422 for a bad body, recording nothing', async () => {
    expect((await post({ room_id: 1, body: 'x' }, { authorization: 'Bearer nope' })).status).toBe(401);
    expect((await post({ room_id: 1, body: 'x' }, {}, 'bot_2')).status).toBe(404);
    const invalid = await post({ room_id: 1 });
    expect(invalid.status).toBe(422);
    expect(await invalid.json()).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(api.messages).toHaveLength(0);
  });

  it('reset() empties the live messages array', async () => {
    await post({ room_id: 1, body: 'x' });
    const { messages } = api;
    expect(messages).toHaveLength(1);
    api.reset();
    expect(api.messages).toBe(messages);
    expect(messages).toHaveLength(0);
  });

  it('accepts any bot id and token when none is configured', async () => {
    const open = createBotApiHandlers();
    server.use(...open.handlers);
    const response = await fetch('https://bot.mmrnd.net/api/bots/bot_any/messages', {
      method: 'POST',
      headers: { authorization: 'Bearer whatever', 'content-type': 'application/json' },
      body: JSON.stringify({ room_id: 5, body: 'hi' }),
    });
    expect(response.status).toBe(201);
    expect(open.messages[0]).toMatchObject({ bot_id: 'bot_any', room_id: 5 });
  });
});

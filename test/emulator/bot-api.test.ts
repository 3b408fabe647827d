import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../../src/testing/index.js';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ botId: 'bot_1', token: 'tok_good', secret: 'whsec' });
});
afterAll(() => emulator.close());

function post(body: unknown, init: { token?: string | null; botId?: string; contentType?: string } = {}) {
  const headers: Record<string, string> = { 'content-type': init.contentType ?? 'application/json' };
  if (init.token !== null) headers.authorization = `Bearer ${init.token ?? 'tok_good'}`;
  return fetch(`${emulator.apiBaseUrl}/bots/${init.botId ?? 'bot_1'}/messages`, {
    method: 'POST',
    headers,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

async function errorOf(response: Response) {
  const json = (await response.json()) as { ok: boolean; error: { code: string; message: string } };
  expect(json.ok).toBe(false);
  return json.error;
}

describe('emulator Bot API: POST /api/bots/:botId/messages', () => {
  it('stores a valid message and answers 201 with the message and a request id', async () => {
    const response = await post({
      room_id: 123,
      body: 'hi',
      reply_to_message_id: 7,
      metadata: { intent: 'ack' },
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('x-request-id')).toMatch(/^req_[0-9a-f]{24}$/);
    const json = (await response.json()) as { ok: boolean; message_id: number; message: unknown };
    expect(json.ok).toBe(true);
    expect(json.message).toMatchObject({ room_id: 123, body: 'hi', sender: 'bot', reply_to_message_id: 7 });
    expect(emulator.messages.at(-1)).toMatchObject({
      message_id: json.message_id,
      body: 'hi',
      metadata: { intent: 'ack' },
    });
  });

  it('answers 401 without a bearer token and with the wrong one, without storing', async () => {
    const before = emulator.messages.length;
    const missing = await post({ room_id: 123, body: 'x' }, { token: null });
    expect(missing.status).toBe(401);
    expect((await errorOf(missing)).code).toBe('unauthorized');
    const wrong = await post({ room_id: 123, body: 'x' }, { token: 'tok_bad' });
    expect(wrong.status).toBe(401);
    expect(JSON.stringify(await errorOf(wrong))).not.toContain('tok_');
    expect(emulator.messages.length).toBe(before);
  });

  it('answers 404 for another bot id and for an unknown room', async () => {
    const bot = await post({ room_id: 123, body: 'x' }, { botId: 'bot_other' });
    expect(bot.status).toBe(404);
    expect((await errorOf(bot)).code).toBe('bot_not_found');
    const room = await post({ room_id: 999, body: 'x' });
    expect(room.status).toBe(404);
    expect((await errorOf(room)).code).toBe('room_not_found');
  });

  it('answers 400 for invalid JSON and 415 for another content type', async () => {
    const invalid = await post('{"room_id":');
    expect(invalid.status).toBe(400);
    expect((await errorOf(invalid)).code).toBe('invalid_json');
    const text = await post({ room_id: 123, body: 'x' }, { contentType: 'text/plain' });
    expect(text.status).toBe(415);
  });

  it('answers 422 naming each invalid field', async () => {
    const response = await post({ room_id: 'abc', body: '', metadata: [1] });
    expect(response.status).toBe(422);
    const error = await errorOf(response);
    expect(error.code).toBe('invalid_request');
    expect(error.message).toContain('room_id: expected a positive integer');
    expect(error.message).toContain('body: expected a non-empty string');
    expect(error.message).toContain('metadata: expected a JSON object');
  });

  it('answers 405 with Allow for other methods on the messages path', async () => {
    const response = await fetch(`${emulator.apiBaseUrl}/bots/bot_1/messages`);
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
  });
});

describe('emulator server safety', () => {
  it('listens on 127.0.0.1 only and refuses another Host header (DNS rebinding)', async () => {
    expect(emulator.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const { request } = await import('node:http');
    const status = await new Promise<number | undefined>((resolve, reject) => {
      request(`${emulator.url}/emulator/state`, { headers: { host: 'evil.example:80' } }, (response) => {
        response.resume();
        resolve(response.statusCode);
      })
        .on('error', reject)
        .end();
    });
    expect(status).toBe(421);
  });

  it('refuses page actions from another origin, and the state never includes the token or secret', async () => {
    const foreign = await fetch(`${emulator.url}/emulator/webhook-test`, {
      method: 'POST',
      headers: {
        origin: 'https://evil.example',
        'content-type': 'application/json',
        'x-emulator-token': emulator.accessToken,
      },
      body: '{}',
    });
    expect(foreign.status).toBe(403);
    const state = await (
      await fetch(`${emulator.url}/emulator/state`, { headers: { 'x-emulator-token': emulator.accessToken } })
    ).text();
    expect(state).toContain('bot_1');
    expect(state).not.toContain('tok_good');
    expect(state).not.toContain('whsec');
  });

  it('serves the web page as HTML', async () => {
    const response = await fetch(emulator.pageUrl);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await response.text()).toContain('<title>MoMoTalk emulator</title>');
  });
});

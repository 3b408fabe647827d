import { once } from 'node:events';
import { createServer } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { toNodeListener } from '../../src/adapters/node-http.js';
import { createWebhookHandler, parseWebhookEvent, verifyWebhook } from '../../src/index.js';
import { type Emulator, startEmulator } from '../../src/testing/index.js';
import { startFakeBot, unusedUrl } from './support.js';

let bot: Awaited<ReturnType<typeof startFakeBot>>;
let emulator: Emulator;
beforeAll(async () => {
  bot = await startFakeBot();
  emulator = await startEmulator({ botId: 'bot_7', secret: 'whsec_test', callbackUrl: bot.url });
});
afterEach(() => {
  bot.setStatus(200);
  emulator.setCallbackUrl(bot.url);
});
afterAll(async () => {
  await emulator.close();
  await bot.close();
});

describe('emulator webhook delivery', () => {
  it('delivers talk.message_created signed with the three real headers', async () => {
    const { message, event, delivery } = await emulator.sendUserMessage({
      body: 'hello',
      room_id: 5,
      user_id: 'user_bo',
    });
    const received = bot.received.at(-1);
    expect(received).toBeDefined();
    const { headers, body } = received as NonNullable<typeof received>;
    expect(headers['x-momotalk-bot-id']).toBe('bot_7');
    expect(headers['x-momotalk-event-id']).toBe(event.event_id);
    expect(verifyWebhook(body, String(headers['x-momotalk-bot-signature']), 'whsec_test')).toBe(true);
    const parsed = parseWebhookEvent(body);
    expect(parsed).toMatchObject({
      event_type: 'talk.message_created',
      bot_id: 'bot_7',
      message: {
        room_id: 5,
        message_id: message.message_id,
        sender_user_id: 'user_bo',
        body: 'hello',
        message_type: 'TEXT',
      },
    });
    expect(delivery).toMatchObject({
      ok: true,
      status: 200,
      attempt: 1,
      event_id: event.event_id,
      error: null,
    });
    expect(delivery.response_excerpt).toBe('{"ok":true}');
    expect(emulator.deliveries.at(-1)).toEqual(delivery);
  });

  it('records a 500 answer as a failed delivery with the response excerpt', async () => {
    bot.setStatus(500);
    const { delivery } = await emulator.sendUserMessage('boom');
    expect(delivery).toMatchObject({
      ok: false,
      status: 500,
      response_excerpt: '{"error":"boom"}',
      error: null,
    });
  });

  it('says why an SDK bot refused a delivery: the code, what failed and the fix', async () => {
    // The dev loop's commonest failure: the emulator restarted with a new secret, the bot did not.
    const stale = createServer(toNodeListener(createWebhookHandler({ secret: 'whsec_previous_run' })));
    stale.listen(0, '127.0.0.1');
    await once(stale, 'listening');
    emulator.setCallbackUrl(`http://127.0.0.1:${(stale.address() as { port: number }).port}/`);
    try {
      const { delivery } = await emulator.sendUserMessage('hello');
      expect(delivery).toMatchObject({ ok: false, status: 401, refusal: 'invalid_signature', error: null });
      expect(delivery.hint).toContain('give sender and bot the same secret');
      expect(delivery.hint).toContain('new one on every start');
      expect(JSON.stringify(delivery)).not.toContain('whsec');
    } finally {
      stale.close();
    }
    emulator.setCallbackUrl(bot.url);
    bot.setStatus(500);
    const { delivery: other } = await emulator.sendUserMessage('boom');
    expect(other).toMatchObject({ refusal: 'boom', hint: null });
  });

  it('records an unreachable bot and a missing callback URL as failures without a status', async () => {
    emulator.setCallbackUrl(await unusedUrl());
    const refused = (await emulator.sendUserMessage('anyone?')).delivery;
    expect(refused).toMatchObject({ ok: false, status: null });
    expect(refused.error).toContain('connection refused');
    emulator.setCallbackUrl(undefined);
    const none = (await emulator.sendUserMessage('nobody')).delivery;
    expect(none).toMatchObject({ ok: false, status: null, url: null });
    expect(none.error).toContain('no callback URL');
  });

  it('redelivers the same event id and the same bytes as a new attempt', async () => {
    bot.setStatus(500);
    const first = (await emulator.sendUserMessage('again')).delivery;
    const firstBody = bot.received.at(-1)?.body;
    bot.setStatus(200);
    const second = await emulator.redeliver(first.id);
    expect(second).toMatchObject({ event_id: first.event_id, attempt: 2, ok: true, status: 200 });
    expect(second.id).not.toBe(first.id);
    expect(bot.received.at(-1)?.body).toBe(firstBody);
    expect(bot.received.at(-1)?.headers['x-momotalk-event-id']).toBe(first.event_id);
    await expect(emulator.redeliver('dlv_nope')).rejects.toThrow(TypeError);
  });

  it('sends a webhook.test event for the webhook test button', async () => {
    const delivery = await emulator.sendWebhookTest();
    expect(delivery).toMatchObject({ event_type: 'webhook.test', ok: true });
    const body = JSON.parse(bot.received.at(-1)?.body ?? '{}') as Record<string, unknown>;
    expect(body).toEqual({
      event_id: delivery.event_id,
      event_type: 'webhook.test',
      bot_id: 'bot_7',
      timestamp: expect.any(Number),
    });
    expect(parseWebhookEvent(JSON.stringify(body)).event_type).toBe('webhook.test');
  });

  it('waitForBotMessage resolves with a bot reply sent after the last user message, and times out', async () => {
    await emulator.sendUserMessage({ body: 'ping', room_id: 123 });
    const waiting = emulator.waitForBotMessage({ roomId: 123, timeoutMs: 2000 });
    await fetch(`${emulator.apiBaseUrl}/bots/bot_7/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${emulator.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ room_id: 123, body: 'pong' }),
    });
    await expect(waiting).resolves.toMatchObject({ sender: 'bot', body: 'pong' });
    await emulator.sendUserMessage({ body: 'silence', room_id: 123 });
    await expect(emulator.waitForBotMessage({ timeoutMs: 50 })).rejects.toThrow(/no message within 50 ms/);
  });

  it('pushes changes to the page as server-sent events', async () => {
    const controller = new AbortController();
    const response = await fetch(`${emulator.url}/emulator/events?token=${emulator.accessToken}`, {
      signal: controller.signal,
    });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    await emulator.sendUserMessage('streamed');
    let text = '';
    while (!text.includes('event: delivery')) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
    controller.abort();
    expect(text).toContain('event: message\ndata: {');
    expect(text).toContain('"body":"streamed"');
  });

  it('reset forgets messages and deliveries, keeping the live arrays', async () => {
    const { messages, deliveries } = emulator;
    emulator.reset();
    expect(emulator.messages).toBe(messages);
    expect(messages).toHaveLength(0);
    expect(deliveries).toHaveLength(0);
  });
});

describe('startEmulator options', () => {
  it('generates a token and a secret, and rejects an empty one', async () => {
    const a = await startEmulator();
    try {
      expect(a.token).toMatch(/^emu_tok_[0-9a-f]{32}$/);
      expect(a.secret).toMatch(/^emu_whsec_[0-9a-f]{32}$/);
      expect(a.botId).toBe('bot_local');
      expect(a.apiBaseUrl).toBe(`${a.url}/api`);
    } finally {
      await a.close();
    }
    await expect(startEmulator({ secret: '' })).rejects.toThrow(/secret must be a non-empty string/);
    await expect(startEmulator({ callbackUrl: 'not a url' })).rejects.toThrow(/callbackUrl/);
  });
});

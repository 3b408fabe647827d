import { describe, expect, it } from 'vitest';
import { parseWebhookEvent, verifyWebhook } from '../../src/index.js';
import { createMessageCreatedEvent, createSignedRequest } from '../../src/testing/index.js';

describe('createMessageCreatedEvent', () => {
  it('builds a valid talk.message_created event with the documented fields', () => {
    const event = createMessageCreatedEvent();
    expect(parseWebhookEvent(JSON.stringify(event))).toEqual(event);
    expect(event).toMatchObject({
      event_type: 'talk.message_created',
      bot_id: 'bot_local',
      message: { room_id: 123, sender_user_id: 'user_alice', body: 'hello', message_type: 'TEXT' },
    });
    expect(event.event_id).toMatch(/^evt_[0-9a-f]{24}$/);
    expect(Math.abs(event.timestamp - Date.now() / 1000)).toBeLessThan(60);
  });

  it('merges message overrides into the defaults and gives each event new ids', () => {
    const a = createMessageCreatedEvent({ bot_id: 'bot_1', message: { body: 'ping', room_id: 7 } });
    const b = createMessageCreatedEvent();
    expect(a.bot_id).toBe('bot_1');
    expect(a.message).toMatchObject({
      body: 'ping',
      room_id: 7,
      sender_user_id: 'user_alice',
      message_type: 'TEXT',
    });
    expect(a.event_id).not.toBe(b.event_id);
    expect(a.message.message_id).not.toBe(b.message.message_id);
  });
});

describe('createSignedRequest', () => {
  it('returns a POST Request with the body and the three real headers', async () => {
    const event = createMessageCreatedEvent({ bot_id: 'bot_9' });
    const request = await createSignedRequest(event, 'whsec');
    expect(request.method).toBe('POST');
    expect(request.url).toBe('http://localhost/momotalk/webhook');
    const body = await request.text();
    expect(body).toBe(JSON.stringify(event));
    expect(request.headers.get('content-type')).toBe('application/json');
    expect(request.headers.get('X-MoMoTalk-Bot-Id')).toBe('bot_9');
    expect(request.headers.get('X-MoMoTalk-Event-Id')).toBe(event.event_id);
    expect(verifyWebhook(body, request.headers.get('X-MoMoTalk-Bot-Signature') ?? '', 'whsec')).toBe(true);
    expect(verifyWebhook(body, request.headers.get('X-MoMoTalk-Bot-Signature') ?? '', 'other')).toBe(false);
  });

  it('sends a string body byte for byte and lets headers be replaced', async () => {
    const raw = '{ "event_type": "x",  "event_id": "evt_1" }\n';
    const request = await createSignedRequest(raw, 'whsec', {
      url: 'http://127.0.0.1/hook',
      headers: { 'x-momotalk-bot-signature': 'bad', 'x-extra': '1' },
    });
    expect(await request.text()).toBe(raw);
    expect(request.url).toBe('http://127.0.0.1/hook');
    expect(request.headers.get('x-momotalk-event-id')).toBe('evt_1');
    expect(request.headers.get('x-momotalk-bot-id')).toBeNull();
    expect(request.headers.get('x-momotalk-bot-signature')).toBe('bad');
    expect(request.headers.get('x-extra')).toBe('1');
  });

  it('refuses an empty secret with a TypeError', async () => {
    await expect(createSignedRequest(createMessageCreatedEvent(), '')).rejects.toThrow(TypeError);
  });
});

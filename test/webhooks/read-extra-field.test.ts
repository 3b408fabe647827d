import { describe, expect, it } from 'vitest';
import { parseWebhookEvent, readExtraField, unknownEventType } from '../../src/index.js';

describe('readExtraField: fields the exact types do not declare', () => {
  const event = parseWebhookEvent(
    '{"event_id":"e","event_type":"talk.message_created","bot_id":"b","timestamp":1,"future":1,' +
      '"message":{"room_id":1,"message_id":2,"sender_user_id":"u","body":"hi","message_type":"TEXT","created_at":1,"thread_id":"t-1"}}',
  );

  it('reads a kept extra field, at the top level and in the message', () => {
    if (event.event_type !== 'talk.message_created') throw new Error('kind');
    expect(readExtraField(event.message, 'thread_id')).toBe('t-1');
    expect(readExtraField(event, 'future')).toBe(1);
    expect(readExtraField(event.message, 'body')).toBe('hi');
  });

  it('reads own fields only: never an inherited member', () => {
    if (event.event_type !== 'talk.message_created') throw new Error('kind');
    for (const name of ['toString', 'constructor', '__proto__', 'hasOwnProperty', 'missing']) {
      expect(readExtraField(event.message, name)).toBeUndefined();
    }
  });
});

describe('unknownEventType', () => {
  it('returns the type unchanged', () => {
    expect(unknownEventType('room.member_joined')).toBe('room.member_joined');
  });

  it.each([[''], [undefined], [42]])('refuses %j with a TypeError', (type) => {
    expect(() => unknownEventType(type as string)).toThrow(/unknownEventType\('room\.member_joined'\)/);
  });
});

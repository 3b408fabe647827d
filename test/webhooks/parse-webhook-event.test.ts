import { describe, expect, it } from 'vitest';
import {
  isWebhookPayloadError,
  messageCreatedEventSchema,
  parseWebhookEvent,
  type WebhookEvent,
  WebhookPayloadError,
  webhookEventSchema,
} from '../../src/index.js';
import { vector } from './vectors.js';

const example = JSON.parse(vector('ascii').body) as Record<string, unknown>;

function payloadError(run: () => unknown): WebhookPayloadError {
  try {
    run();
  } catch (error) {
    if (isWebhookPayloadError(error)) return error;
    throw error;
  }
  throw new Error('expected a WebhookPayloadError');
}

describe('parseWebhookEvent', () => {
  it('accepts JSON text as a string, Buffer, Uint8Array or ArrayBuffer, and a parsed object', () => {
    const text = vector('korean').body;
    const bytes = Buffer.from(text, 'utf8');
    const inputs = [
      text,
      bytes,
      new Uint8Array(bytes),
      bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
      JSON.parse(text) as object,
      `\uFEFF${text}`,
    ];
    for (const input of inputs) {
      const event = parseWebhookEvent(input);
      if (event.event_type !== 'talk.message_created') throw new Error('not a message event');
      expect(event.message.body).toBe('안녕하세요, 모모톡!');
    }
  });

  it('keeps fields the schemas do not list, at the top and in the message', () => {
    const event = parseWebhookEvent({
      ...example,
      delivery_attempt: 2,
      message: { ...(example.message as object), mentions: ['u1'], message_type: 'IMAGE' },
    });
    expect(event).toMatchObject({
      delivery_attempt: 2,
      message: { mentions: ['u1'], message_type: 'IMAGE' },
    });
  });

  it('accepts string ids for room_id and message_id (lenient; the guide shows numbers)', () => {
    const event = parseWebhookEvent({
      ...example,
      message: { ...(example.message as object), room_id: '123' },
    });
    expect(event).toMatchObject({ message: { room_id: '123' } });
  });

  it('parses any other event_type as an UnknownWebhookEvent, keeping every field', () => {
    for (const event_type of [
      'talk.something_new',
      'webhook.test',
      'talk.message_created ',
      '',
      '__proto__',
    ]) {
      const input = { event_type, anything: { nested: [1] }, event_id: 7 };
      expect(parseWebhookEvent(input)).toEqual(input);
      expect(parseWebhookEvent(JSON.stringify(input))).toEqual(input);
    }
  });

  it('refuses a known event type of the wrong shape, with issues and a message naming the fields', () => {
    const error = payloadError(() =>
      parseWebhookEvent({
        ...example,
        bot_id: 5,
        message: { ...(example.message as object), room_id: null },
      }),
    );
    expect(error).toBeInstanceOf(WebhookPayloadError);
    expect(error.name).toBe('WebhookPayloadError');
    expect(error.message).toBe(
      'Invalid talk.message_created event: bot_id: expected string; message.room_id: expected number or string.',
    );
    expect(error.issues.map((issue) => issue.path.join('.'))).toEqual(['bot_id', 'message.room_id']);
  });

  it('refuses invalid JSON, keeping the parser error as cause only', () => {
    const error = payloadError(() => parseWebhookEvent('{"event_type": "talk.message_created", secret-ish'));
    expect(error.message).toBe('Webhook payload is not valid JSON.');
    expect(error.issues).toEqual([]);
    expect(error.cause).toBeInstanceOf(SyntaxError);
  });

  it.each([
    ['null', 'null'],
    ['an array', '[1]'],
    ['number', '42'],
    ['string', '"talk.message_created"'],
  ])('refuses a JSON %s', (got, text) => {
    expect(payloadError(() => parseWebhookEvent(text)).message).toBe(
      `Webhook payload must be a JSON object, but it is ${got}.`,
    );
  });

  it('refuses an object without a string event_type', () => {
    expect(payloadError(() => parseWebhookEvent({})).message).toBe(
      'Invalid webhook event: event_type: expected string.',
    );
    expect(payloadError(() => parseWebhookEvent({ event_type: 1 })).issues).toHaveLength(1);
  });

  it('is safe against prototype pollution: __proto__ in the body never reaches a prototype', () => {
    const text =
      '{"event_type":"talk.x","__proto__":{"polluted":true},"nested":{"__proto__":{"polluted":true}},' +
      '"constructor":{"prototype":{"polluted":true}}}';
    const event = parseWebhookEvent(text) as Record<string, unknown>;
    const known = parseWebhookEvent(
      vector('ascii').body.replace('{"event_id"', '{"__proto__":{"polluted":1},"event_id"'),
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(event)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(known)).toBe(Object.prototype);
    expect(event.polluted).toBeUndefined();
    expect((known as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(event.nested)).toBe(Object.prototype);
  });

  it('returns a new object; the input is not modified', () => {
    const input = structuredClone(example);
    const event = parseWebhookEvent(input);
    expect(event).not.toBe(input);
    expect(input).toEqual(example);
  });

  it('webhookEventSchema agrees with parseWebhookEvent', () => {
    expect(webhookEventSchema.parse(example)).toEqual(parseWebhookEvent(example));
    expect(webhookEventSchema.safeParse({ event_type: 'talk.other' }).success).toBe(true);
    expect(webhookEventSchema.safeParse({ ...example, message: {} }).success).toBe(false);
    expect(messageCreatedEventSchema.safeParse(example).success).toBe(true);
    const event: WebhookEvent = webhookEventSchema.parse(example);
    expect(event.event_type).toBe('talk.message_created');
  });
});

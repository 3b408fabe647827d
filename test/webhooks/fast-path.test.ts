import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { messageCreatedEventSchema, parseWebhookEvent } from '../../src/index.js';
import { parseJsonBody } from '../../src/internal/parse-json-body.js';

// The parser returns a valid talk.message_created body without zod's copy (message-created-fast-path.ts).
// These properties prove the shortcut and the schema agree: same acceptance, same result.

const jsonValue = fc.jsonValue({ maxDepth: 2 });
/** A field that is usually of the right type and sometimes of any JSON type (or missing). */
const field = (valid: fc.Arbitrary<unknown>) =>
  fc.oneof(
    { weight: 10, arbitrary: valid },
    { weight: 1, arbitrary: jsonValue },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
const id = fc.oneof(fc.integer(), fc.string());

const candidate = fc.record({
  event_id: field(fc.string()),
  event_type: fc.constant('talk.message_created'),
  bot_id: field(fc.string()),
  timestamp: field(fc.integer()),
  message: field(
    fc.record({
      room_id: field(id),
      message_id: field(id),
      sender_user_id: field(fc.string()),
      body: field(fc.string()),
      message_type: field(fc.constantFrom('TEXT', 'IMAGE', '')),
      created_at: field(fc.double()),
      extra: field(jsonValue),
    }),
  ),
  extra: field(jsonValue),
});

function zodOutcome(text: string): { ok: true; value: unknown } | { ok: false } {
  // The same JSON step as parseWebhookEvent (which also drops `__proto__` keys), then the schema.
  const result = messageCreatedEventSchema.safeParse(parseJsonBody(text, (cause) => cause as Error));
  return result.success ? { ok: true, value: result.data } : { ok: false };
}

function parserOutcome(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: parseWebhookEvent(text) };
  } catch {
    return { ok: false };
  }
}

describe('parseWebhookEvent fast path for talk.message_created', () => {
  it('accepts exactly what the schema accepts, and returns what zod would', () => {
    fc.assert(
      fc.property(candidate, (event) => {
        const text = JSON.stringify(event);
        expect(parserOutcome(text)).toEqual(zodOutcome(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('drops a __proto__ key as zod does, at the top and in message', () => {
    const text =
      '{"__proto__":{"polluted":1},"event_id":"e","event_type":"talk.message_created","bot_id":"b","timestamp":1,' +
      '"message":{"__proto__":{"polluted":2},"room_id":1,"message_id":2,"sender_user_id":"u","body":"hi","message_type":"TEXT","created_at":1}}';
    const event = parseWebhookEvent(text);
    expect(Object.hasOwn(event, '__proto__')).toBe(false);
    expect(Object.hasOwn((event as { message: object }).message, '__proto__')).toBe(false);
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
  });

  it('never returns the caller’s own object', () => {
    const input = {
      event_id: 'e',
      event_type: 'talk.message_created',
      bot_id: 'b',
      timestamp: 1,
      message: {
        room_id: 1,
        message_id: 2,
        sender_user_id: 'u',
        body: 'hi',
        message_type: 'TEXT',
        created_at: 1,
      },
    };
    expect(parseWebhookEvent(input)).not.toBe(input);
  });
});

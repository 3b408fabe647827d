/**
 * @internal True when a freshly `JSON.parse`d object already has exactly the shape
 * `messageCreatedEventSchema` accepts (see message-created-event.ts and message-schema.ts), so it can be
 * returned as is instead of being copied by zod.
 *
 * Why: on the webhook hot path zod/mini's object parser was the largest single cost per delivery over HTTP
 * (≈14 µs of ≈127 µs). The schema stays the source of truth: anything this check does not accept goes
 * through zod, which decides and explains, and a property test (test/webhooks/fast-path.test.ts) proves the
 * two agree on every input. Objects with an own `__proto__` key are left to zod, which drops that key.
 */
export function hasMessageCreatedShape(event: Record<string, unknown>): boolean {
  const message = event.message as Record<string, unknown> | null | undefined;
  return (
    typeof event.event_id === 'string' &&
    typeof event.bot_id === 'string' &&
    isFiniteNumber(event.timestamp) &&
    typeof message === 'object' &&
    message !== null &&
    !Array.isArray(message) &&
    isId(message.room_id) &&
    isId(message.message_id) &&
    typeof message.sender_user_id === 'string' &&
    typeof message.body === 'string' &&
    typeof message.message_type === 'string' &&
    isFiniteNumber(message.created_at) &&
    !Object.hasOwn(event, '__proto__') &&
    !Object.hasOwn(message, '__proto__')
  );
}

function isFiniteNumber(value: unknown): boolean {
  return typeof value === 'number' && Number.isFinite(value);
}

function isId(value: unknown): boolean {
  return typeof value === 'string' || isFiniteNumber(value);
}

/**
 * Reads a field the SDK's types do not declare from a parsed payload: an event, its `message`, a Kakao
 * hook or envelope. The parsers keep such fields (the platform may add fields before this SDK names
 * them), but the types are exact, so `event.message.text` does not compile where `.body` was meant. This is
 * the explicit way to read one: an own property only (never `toString` or another inherited member),
 * typed `unknown` until you check it.
 *
 * @param value - The parsed object, e.g. `event.message`.
 * @param name - The field's wire name.
 * @returns The field's value, or `undefined` when the object has no own field of that name.
 *
 * @example
 * ```ts
 * import { readExtraField } from 'momotalk-bot-sdk';
 *
 * handler.on('talk.message_created', (event) => {
 *   const thread = readExtraField(event.message, 'thread_id'); // unknown
 *   if (typeof thread === 'string') console.log('in thread', thread);
 * });
 * ```
 */
export function readExtraField(value: object, name: string): unknown {
  return Object.hasOwn(value, name) ? (value as Record<string, unknown>)[name] : undefined;
}

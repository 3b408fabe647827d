declare const unknownEventTypeName: unique symbol;

/**
 * An event type this SDK version does not know, marked as such with {@link unknownEventType} so that
 * `.on()` takes it. A plain string is not accepted there: `.on('talk.message_create', …)` (a typo) would
 * compile and never fire.
 *
 * @example
 * ```ts
 * const type: UnknownEventTypeName = unknownEventType('room.member_joined');
 * ```
 */
export type UnknownEventTypeName = string & {
  /** A type-only brand: absent at run time. */
  readonly [unknownEventTypeName]: 'UnknownEventTypeName';
};

/**
 * Marks an event type this SDK version does not know yet, for `.on()`: its handler gets an
 * `UnknownWebhookEvent`. Known types are passed to `.on()` as plain strings (`'talk.message_created'`),
 * checked against `WebhookEventMap`, so a typo does not compile. At run time this returns `type` unchanged;
 * when a later SDK version learns the type, the handler keeps working (the event is then validated).
 *
 * @param type - The event type exactly as the platform sends it, e.g. `'room.member_joined'`.
 * @returns The same string, typed {@link UnknownEventTypeName}.
 * @throws {TypeError} When `type` is not a non-empty string.
 *
 * @example
 * ```ts
 * import { createWebhookHandler, unknownEventType } from 'momotalk-bot-sdk';
 *
 * createWebhookHandler({ secret }).on(unknownEventType('room.member_joined'), (event) => {
 *   console.log(String(event.event_type), event.room_id); // event: UnknownWebhookEvent
 * });
 * ```
 */
export function unknownEventType(type: string): UnknownEventTypeName {
  if (typeof type !== 'string' || type === '') {
    throw new TypeError(
      "[momotalk-bot-sdk] unknownEventType: pass the event type as the platform sends it, e.g. unknownEventType('room.member_joined').",
    );
  }
  return type as UnknownEventTypeName;
}

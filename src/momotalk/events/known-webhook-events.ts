import { type MessageCreatedEvent, messageCreatedEventSchema } from './message-created-event.js';

/** @internal The schema of every event type this SDK version knows, by `event_type`. */
export const knownWebhookEventSchemas = {
  'talk.message_created': messageCreatedEventSchema,
} as const;

/**
 * Every event type this SDK version knows, mapped to its event type. Handlers use it to narrow
 * `.on(type, fn)`; it grows as the platform documents more events.
 *
 * @example
 * ```ts
 * type Created = WebhookEventMap['talk.message_created']; // MessageCreatedEvent
 * ```
 */
export interface WebhookEventMap {
  /** A user wrote a message in a room the bot is in. */
  'talk.message_created': MessageCreatedEvent;
}

/**
 * The name of an event type this SDK version knows, e.g. `'talk.message_created'`.
 *
 * @example
 * ```ts
 * const type: WebhookEventType = 'talk.message_created';
 * ```
 */
export type WebhookEventType = keyof WebhookEventMap;

/**
 * True when `type` is an event type this SDK version knows (and validates fully).
 *
 * @example
 * ```ts
 * import { isKnownWebhookEventType } from 'momotalk-bot-sdk';
 *
 * isKnownWebhookEventType('talk.message_created'); // true
 * isKnownWebhookEventType('talk.something_new'); // false
 * ```
 */
export function isKnownWebhookEventType(type: unknown): type is WebhookEventType {
  return typeof type === 'string' && Object.hasOwn(knownWebhookEventSchemas, type);
}

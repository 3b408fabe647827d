import * as z from 'zod/mini';
import { isKnownWebhookEventType } from './known-webhook-events.js';

declare const unknownEventType: unique symbol;

/**
 * The `event_type` of an event this SDK version does not know. At run time it is the plain string the
 * platform sent (e.g. `"talk.something_new"`).
 *
 * Why not `string`: TypeScript never removes a union member whose discriminant is `string` (or any
 * string-like type), so `event.event_type === 'talk.message_created'` would not narrow a
 * {@link WebhookEvent} to `MessageCreatedEvent`. This branded type is not comparable with string literals,
 * so that narrowing works. The price: to compare it with a type this SDK does not know yet, widen it first,
 * `String(event.event_type) === 'talk.something_new'`.
 *
 * @example
 * ```ts
 * function log(event: UnknownWebhookEvent) {
 *   console.info('unhandled event type', String(event.event_type));
 * }
 * ```
 */
// biome-ignore lint/complexity/noBannedTypes: the String interface, unlike `string`, is not comparable with string literals; that is what keeps narrowing working (see above).
export type UnknownWebhookEventType = String & {
  /** A type-only brand: absent at run time. */
  readonly [unknownEventType]: 'UnknownWebhookEventType';
};

/**
 * An event whose `event_type` this SDK version does not know: a future event type, or the console's
 * webhook test. It is a normal, successful parse (answer it with 2xx), never an error. Only `event_type`
 * (a string) is required; every other field is kept as received, typed `unknown`.
 *
 * @example
 * ```ts
 * if (event.event_type !== 'talk.message_created') {
 *   console.info('ignoring', String(event.event_type), event.event_id);
 * }
 * ```
 */
export interface UnknownWebhookEvent {
  /** The event type, a string at run time; see {@link UnknownWebhookEventType}. */
  event_type: UnknownWebhookEventType;
  [field: string]: unknown;
}

/**
 * Schema of {@link UnknownWebhookEvent}: any object whose `event_type` is a string naming no known event
 * type. Known types are refused here so that a malformed known event is an error, not an unknown event.
 *
 * @example
 * ```ts
 * import { unknownWebhookEventSchema } from 'momotalk-bot-sdk';
 *
 * unknownWebhookEventSchema.parse({ event_type: 'talk.something_new' }); // ok
 * ```
 */
export const unknownWebhookEventSchema = z.looseObject({
  event_type: z.string().check(
    z.refine((type) => !isKnownWebhookEventType(type), {
      error: 'a known event type must match its schema',
    }),
  ),
}) as unknown as z.ZodMiniType<UnknownWebhookEvent, unknown>;

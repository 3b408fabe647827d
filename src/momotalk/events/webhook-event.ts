import * as z from 'zod/mini';
import { messageCreatedEventSchema } from './message-created-event.js';
import { unknownWebhookEventSchema } from './unknown-webhook-event.js';

/**
 * Schema of every webhook event: a known event type validated by its own schema, or any other
 * `event_type` as an `UnknownWebhookEvent`. Extra fields are kept everywhere. `parseWebhookEvent` uses
 * the same schemas, with clearer issues for a malformed known event.
 *
 * @example
 * ```ts
 * import { webhookEventSchema } from 'momotalk-bot-sdk';
 *
 * const result = webhookEventSchema.safeParse(JSON.parse(text));
 * ```
 */
export const webhookEventSchema = /* @__PURE__ */ z.union([
  messageCreatedEventSchema,
  unknownWebhookEventSchema,
]);

/**
 * Any webhook event, discriminated on `event_type`:
 * `event.event_type === 'talk.message_created'` narrows it to `MessageCreatedEvent`; every other type is an
 * `UnknownWebhookEvent`.
 *
 * @example
 * ```ts
 * function handle(event: WebhookEvent) {
 *   if (event.event_type === 'talk.message_created') return event.message.body;
 *   return undefined; // UnknownWebhookEvent
 * }
 * ```
 */
export type WebhookEvent = z.infer<typeof webhookEventSchema>;

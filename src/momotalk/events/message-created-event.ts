import * as z from 'zod/mini';
import { looseObjectExactType } from '../../internal/loose-object.js';
import { messageSchema } from './message-schema.js';

/**
 * Schema of `talk.message_created`, the event the guide documents: a user wrote in a room the bot is in.
 * Top-level fields the guide does not list are kept at run time; the type is exact (read such a field with
 * `readExtraField`).
 *
 * - `event_id`: string, e.g. `"evt_..."` (also sent as `X-MoMoTalk-Event-Id`).
 * - `bot_id`: string, e.g. `"bot_..."` (also sent as `X-MoMoTalk-Bot-Id`).
 * - `timestamp`: Unix time in seconds, covered by the signature.
 * - `message`: see `messageSchema`.
 *
 * @example
 * ```ts
 * import { messageCreatedEventSchema } from 'momotalk-bot-sdk';
 *
 * const result = messageCreatedEventSchema.safeParse(JSON.parse(text));
 * ```
 */
export const messageCreatedEventSchema = /* @__PURE__ */ looseObjectExactType({
  /** The event's id, e.g. `"evt_..."` (also sent as `X-MoMoTalk-Event-Id`). */
  event_id: z.string(),
  /** Always `"talk.message_created"`. */
  event_type: z.literal('talk.message_created'),
  /** The bot the event is for, e.g. `"bot_..."` (also sent as `X-MoMoTalk-Bot-Id`). */
  bot_id: z.string(),
  /** When the event happened, in Unix seconds; covered by the signature. */
  timestamp: z.number(),
  /** The message that was written. */
  message: messageSchema,
});

/**
 * A `talk.message_created` event: a user wrote a message in a room the bot is in.
 *
 * @example
 * ```ts
 * function onMessage(event: MessageCreatedEvent) {
 *   return client.reply(event, `Echo: ${event.message.body}`);
 * }
 * ```
 */
export type MessageCreatedEvent = z.infer<typeof messageCreatedEventSchema>;

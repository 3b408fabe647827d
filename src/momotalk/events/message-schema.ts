import * as z from 'zod/mini';
import { looseObjectExactType } from '../../internal/loose-object.js';

/**
 * A message id or room id. The guide's example sends numbers; a string is accepted as well, because ids
 * that outgrow JavaScript's safe integers are commonly moved to strings and a genuine delivery must never
 * be refused over it. Pass the value back to the Bot API as received.
 *
 * @example
 * ```ts
 * const roomId: MoMoTalkId = event.message.room_id; // 123
 * ```
 */
export type MoMoTalkId = number | string;

const idSchema = z.union([z.number(), z.string()]);

/**
 * The kind of message. `"TEXT"` is the only one the guide documents; any other string is accepted (and
 * typed with autocompletion for `"TEXT"`), so a new kind never fails a delivery.
 *
 * @example
 * ```ts
 * if (event.message.message_type === 'TEXT') console.log(event.message.body);
 * ```
 */
export type MessageType = 'TEXT' | (string & {});

/**
 * The `message` of a `talk.message_created` event, as the guide documents it. Fields the guide does not
 * list are kept at run time, never stripped or refused, but the type is exact (no index signature, so a
 * typo such as `message.text` does not compile): read such a field with `readExtraField`.
 *
 * - `room_id`, `message_id`: {@link MoMoTalkId} (number in the guide; a string is accepted).
 * - `sender_user_id`: string, e.g. `"user_..."`.
 * - `body`: the text.
 * - `message_type`: {@link MessageType}, e.g. `"TEXT"`.
 * - `created_at`: Unix time in seconds.
 *
 * @example
 * ```ts
 * import { messageSchema } from 'momotalk-bot-sdk';
 *
 * const message = messageSchema.parse(event.message);
 * ```
 */
export const messageSchema = /* @__PURE__ */ looseObjectExactType({
  /** The room the message was written in: answer with it as `room_id`. */
  room_id: idSchema,
  /** The message's id: answer with it as `reply_to_message_id`. */
  message_id: idSchema,
  /** The user who wrote it, e.g. `"user_..."`. */
  sender_user_id: z.string(),
  /** The message text. */
  body: z.string(),
  /** The kind of message, e.g. `"TEXT"`. */
  message_type: z.string() as z.ZodMiniType<MessageType, string>,
  /** When it was written, in Unix seconds. */
  created_at: z.number(),
});

/**
 * A chat message as delivered in a `talk.message_created` event.
 *
 * @example
 * ```ts
 * function echo(message: Message) {
 *   return `Echo: ${message.body}`;
 * }
 * ```
 */
export type Message = z.infer<typeof messageSchema>;

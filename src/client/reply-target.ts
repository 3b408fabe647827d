import type { MoMoTalkId } from '../momotalk/events/message-schema.js';

/**
 * What `BotClient.reply` needs from an event: a `talk.message_created` event (`MessageCreatedEvent`)
 * fits, and so does any object with the same `message.room_id` and `message.message_id`.
 *
 * @example
 * ```ts
 * const target: ReplyTarget = { message: { room_id: 123, message_id: 456 } };
 * await client.reply(target, 'Thanks!');
 * ```
 */
export interface ReplyTarget {
  /** The message being answered. */
  readonly message: {
    /** The room to answer in. */
    readonly room_id: MoMoTalkId;
    /** Sent as `reply_to_message_id`. */
    readonly message_id: MoMoTalkId;
  };
}

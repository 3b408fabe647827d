import type { JsonValue } from '../../client/send-message-params.js';
import type { MessageCreatedEvent } from '../../momotalk/events/message-created-event.js';
import type { Message, MoMoTalkId } from '../../momotalk/events/message-schema.js';

/**
 * A message inside a conversation: the one that entered it (the function's `ctx`) or one returned by
 * `conversation.wait()`. It is rebuilt from the stored event on every replay, so it reads the same each
 * time; `reply` and `send` are journaled (sent once, skipped when replayed).
 *
 * @example
 * ```ts
 * const signup = createConversation('signup', async (conversation, ctx) => {
 *   await ctx.reply('What is your name?');
 *   const answer = await conversation.wait();
 *   await answer.reply(`Hello, ${answer.text}!`);
 * });
 * ```
 */
export interface ConversationContext {
  /** The `talk.message_created` event. */
  readonly event: MessageCreatedEvent;
  /** Its message. */
  readonly message: Message;
  /** The body of a `TEXT` message; `undefined` for other message types. */
  readonly text: string | undefined;
  /** The room (`message.room_id`). */
  readonly roomId: MoMoTalkId;
  /** The sender (`message.sender_user_id`). */
  readonly senderId: string;
  /**
   * Answers this message in its room, quoting it. Sent once: a replay skips it. Within what is left of the
   * Bot's `replyTimeout`, like `ctx.reply`.
   * @throws {MoMoTalkTimeoutError} When the update's reply budget is spent (nothing is sent or journaled,
   * so the update fails and its redelivery sends it).
   * @throws The errors of `BotClient.sendMessage`; a failed send fails the update (nothing is journaled).
   */
  reply(
    body: string,
    extra?: { metadata?: { readonly [key: string]: JsonValue | undefined } },
  ): Promise<void>;
  /**
   * Posts in the room without quoting. Sent once: a replay skips it. Within the reply budget, like `reply`.
   * @throws The same as `reply`.
   */
  send(body: string, extra?: { metadata?: { readonly [key: string]: JsonValue | undefined } }): Promise<void>;
}

/** @internal Builds the view of `event`; `send` does the journaled send. */
export function conversationContext(
  event: MessageCreatedEvent,
  send: (body: string, replyTo: MoMoTalkId | undefined, extra: object | undefined) => Promise<void>,
): ConversationContext {
  const message = event.message;
  return {
    event,
    message,
    text: message.message_type === 'TEXT' ? message.body : undefined,
    roomId: message.room_id,
    senderId: message.sender_user_id,
    reply: (body, extra) => send(body, message.message_id, extra),
    send: (body, extra) => send(body, undefined, extra),
  };
}

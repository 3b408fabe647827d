/**
 * One message in a test bot's rooms: written by a test user (and handed to the bot) or sent by the bot
 * through the Bot API. The platform's wire names, as in the webhook event and the send-message request.
 *
 * @example
 * ```ts
 * const last: TestChatMessage | undefined = chat.room(123).messages.at(-1);
 * expect(last).toMatchObject({ from: 'bot', body: 'hi', reply_to_message_id: 1 });
 * ```
 */
export interface TestChatMessage {
  /** Who wrote it. */
  readonly from: 'user' | 'bot';
  /** The user id (`user_alice`), or the bot id for a bot message. */
  readonly sender_id: string;
  /** The message id: increasing from 1, shared by users' and the bot's messages. */
  readonly message_id: number;
  /** The room it is in. */
  readonly room_id: number;
  /** The text. */
  readonly body: string;
  /** `"TEXT"` unless the test said otherwise; the bot's messages are `"TEXT"`. */
  readonly message_type: string;
  /** The message it answers (`ctx.reply`), when set. */
  readonly reply_to_message_id?: number | undefined;
  /** The metadata the bot attached, when set. */
  readonly metadata?: Readonly<Record<string, unknown>> | undefined;
  /** When it was written, in Unix milliseconds (the fake time when a clock is given). */
  readonly at: number;
}

/** @internal The rooms of one test bot and every message in them, oldest first. */
export class ChatLog {
  readonly messages: TestChatMessage[] = [];
  readonly rooms = new Set<number>();
  #nextMessageId = 1;

  add(message: Omit<TestChatMessage, 'message_id' | 'at'>): TestChatMessage {
    this.rooms.add(message.room_id);
    const stored: TestChatMessage = { ...message, message_id: this.#nextMessageId++, at: Date.now() };
    this.messages.push(stored);
    return stored;
  }

  inRoom(roomId: number): TestChatMessage[] {
    return this.messages.filter((message) => message.room_id === roomId);
  }

  clear(): void {
    this.messages.length = 0;
  }
}

/** @internal A positive safe integer room id, else a `TypeError` naming the caller. */
export function checkRoomId(where: string, room: unknown): number {
  if (typeof room !== 'number' || !Number.isSafeInteger(room) || room <= 0) {
    throw new TypeError(
      `[momotalk-bot-sdk] ${where}: a room is a positive whole number (as in the guide, room_id: 123), got ${
        typeof room === 'string' ? JSON.stringify(room.slice(0, 40)) : String(room)
      }.`,
    );
  }
  return room;
}

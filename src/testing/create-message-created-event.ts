import type { MessageCreatedEvent } from '../momotalk/events/message-created-event.js';
import type { Message } from '../momotalk/events/message-schema.js';
import { randomId } from './random-id.js';

/**
 * What {@link createMessageCreatedEvent} accepts: any top-level field, and any field of `message`
 * (merged into the defaults, not replacing them).
 *
 * @example
 * ```ts
 * const overrides: MessageCreatedEventOverrides = { bot_id: 'bot_1', message: { body: 'hi' } };
 * ```
 */
export interface MessageCreatedEventOverrides {
  /** @default a random `evt_…` id */
  event_id?: string;
  /** @default "bot_local" */
  bot_id?: string;
  /** @default now, in seconds */
  timestamp?: number;
  /** Fields of the message; the rest keep their defaults. */
  message?: Partial<Message>;
}

let nextMessageId = 456;

/**
 * A valid `talk.message_created` event, exactly as the platform sends it, with sensible defaults:
 * room 123, a fresh message id, user `user_alice`, body `"hello"`, type `"TEXT"`, the current time.
 *
 * Runs on every runtime (no node:* imports). Serialise it with `JSON.stringify` and sign the result,
 * or let {@link createSignedRequest} do both.
 *
 * @param overrides - Top-level fields, and `message` fields merged into the default message.
 * @returns A new event object (safe to mutate).
 *
 * @example
 * ```ts
 * import { createMessageCreatedEvent } from 'momotalk-bot-sdk/testing';
 *
 * const event = createMessageCreatedEvent({ bot_id: 'bot_1', message: { body: 'ping', room_id: 7 } });
 * ```
 */
export function createMessageCreatedEvent(overrides: MessageCreatedEventOverrides = {}): MessageCreatedEvent {
  const now = Math.floor(Date.now() / 1000);
  const { message, ...top } = overrides;
  return {
    event_id: randomId('evt_'),
    event_type: 'talk.message_created',
    bot_id: 'bot_local',
    timestamp: now,
    ...top,
    message: {
      room_id: 123,
      message_id: nextMessageId++,
      sender_user_id: 'user_alice',
      body: 'hello',
      message_type: 'TEXT',
      created_at: now,
      ...message,
    },
  };
}

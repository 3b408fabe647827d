import { randomId } from './random-id.js';

/** The `message` object of a `talk.message_created` event, as the factory builds it. */
export interface FactoryMessage {
  /** The room the message was written in. */
  room_id: number;
  /** The message id (answer it with `reply_to_message_id`). */
  message_id: number;
  /** Who wrote it. */
  sender_user_id: string;
  /** The text. */
  body: string;
  /** `"TEXT"` for text messages. */
  message_type: string;
  /** Unix time in seconds. */
  created_at: number;
}

/** A `talk.message_created` event as the factory builds it (the platform's wire shape). */
export interface FactoryMessageCreatedEvent {
  /** Unique per event; also sent as `X-MoMoTalk-Event-Id`. */
  event_id: string;
  /** Always `"talk.message_created"`. */
  event_type: 'talk.message_created';
  /** The bot the event is for; also sent as `X-MoMoTalk-Bot-Id`. */
  bot_id: string;
  /** Unix time in seconds. */
  timestamp: number;
  /** The message a user wrote. */
  message: FactoryMessage;
}

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
  message?: Partial<FactoryMessage>;
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
export function createMessageCreatedEvent(
  overrides: MessageCreatedEventOverrides = {},
): FactoryMessageCreatedEvent {
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

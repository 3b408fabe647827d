import type { MessageCreatedEvent } from '../momotalk/events/message-created-event.js';

/**
 * Options of {@link startEmulator} and `momotalk-bot dev`. Every value has a working default, so
 * `startEmulator()` with no options gives a ready emulator with fresh credentials.
 *
 * @example
 * ```ts
 * import { startEmulator } from 'momotalk-bot-sdk/testing';
 *
 * const emulator = await startEmulator({ callbackUrl: 'http://127.0.0.1:3000/momotalk/webhook' });
 * ```
 */
export interface EmulatorOptions {
  /**
   * The loopback port to listen on; `0` picks a free one. The emulator always binds 127.0.0.1.
   * @default 0
   */
  port?: number | undefined;
  /**
   * The bot id events carry and the Bot API accepts.
   * @default "bot_local"
   */
  botId?: string | undefined;
  /**
   * The bot token the Bot API accepts (`Authorization: Bearer <token>`).
   * @default a random `emu_tok_…` value
   */
  token?: string | undefined;
  /**
   * The webhook secret deliveries are signed with.
   * @default a random `emu_whsec_…` value
   */
  secret?: string | undefined;
  /**
   * Where events are delivered. Can be changed later (`emulator.setCallbackUrl`, or on the web page).
   * Without one, deliveries are recorded as failed with "no callback URL".
   * @default undefined
   */
  callbackUrl?: string | undefined;
  /**
   * How long one delivery may take before it is recorded as failed (the emulator's choice: the guide
   * does not state the platform's timeout).
   * @default 10000
   */
  deliveryTimeoutMs?: number | undefined;
}

/**
 * A chat room in the emulator.
 *
 * @example
 * ```ts
 * const room: EmulatorRoom = { room_id: 123, name: 'General' };
 * ```
 */
export interface EmulatorRoom {
  /** The numeric room id, as in `message.room_id`. */
  readonly room_id: number;
  /** A display name (emulator only). */
  readonly name: string;
}

/**
 * A chat user in the emulator.
 *
 * @example
 * ```ts
 * const user: EmulatorUser = { user_id: 'user_alice', name: 'Alice' };
 * ```
 */
export interface EmulatorUser {
  /** The id sent as `message.sender_user_id`. */
  readonly user_id: string;
  /** A display name (emulator only). */
  readonly name: string;
}

/**
 * One chat message stored by the emulator: written by a user (and delivered to the bot) or sent by
 * the bot through the Bot API.
 *
 * @example
 * ```ts
 * const replies = emulator.messages.filter((message: EmulatorMessage) => message.sender === 'bot');
 * ```
 */
export interface EmulatorMessage {
  /** The message id (`message.message_id` in events; increasing integers). */
  readonly message_id: number;
  /** The room the message belongs to. */
  readonly room_id: number;
  /** `"user"` for a message typed by a user, `"bot"` for one sent through the Bot API. */
  readonly sender: 'user' | 'bot';
  /** The user id for user messages, the bot id for bot messages. */
  readonly sender_id: string;
  /** The text. */
  readonly body: string;
  /** `"TEXT"` for everything the emulator creates. */
  readonly message_type: string;
  /** The message a bot message answers, when the bot set `reply_to_message_id`. */
  readonly reply_to_message_id?: number | undefined;
  /** The `metadata` object a bot message carried. */
  readonly metadata?: Readonly<Record<string, unknown>> | undefined;
  /** Unix time in seconds. */
  readonly created_at: number;
}

/**
 * One webhook delivery attempt, as the console's "recent deliveries" list shows it.
 *
 * @example
 * ```ts
 * const failed = emulator.deliveries.filter((delivery: DeliveryRecord) => !delivery.ok);
 * ```
 */
export interface DeliveryRecord {
  /** The record id (`dlv_1`, `dlv_2`, …), used to redeliver. */
  readonly id: string;
  /** The event id sent in `X-MoMoTalk-Event-Id`; a redelivery keeps it. */
  readonly event_id: string;
  /** The event's `event_type`. */
  readonly event_type: string;
  /** 1 for the first attempt, then 2, 3… for redeliveries of the same event. */
  readonly attempt: number;
  /** The callback URL the event was sent to, `null` when none was configured. */
  readonly url: string | null;
  /** True when the bot answered with a 2xx status. */
  readonly ok: boolean;
  /** The HTTP status the bot answered with, `null` when no response arrived. */
  readonly status: number | null;
  /** Milliseconds from sending to the end of the response (or the failure). */
  readonly latency_ms: number;
  /** The first 500 characters of the response body. */
  readonly response_excerpt: string;
  /** Why the delivery failed without a response (refused, timeout, no callback URL), else `null`. */
  readonly error: string | null;
  /**
   * The code of a non-2xx answer in the SDK's `{"error":"<code>"}` shape (`invalid_signature`,
   * `bot_id_mismatch`, …), else `null`.
   */
  readonly refusal: string | null;
  /** For a known {@link DeliveryRecord.refusal} code: what failed and the fix, on one line; else `null`. */
  readonly hint: string | null;
  /** Unix time in milliseconds when the attempt started. */
  readonly sent_at: number;
}

/**
 * What {@link Emulator.sendUserMessage} takes: the text and, optionally, who writes where.
 *
 * @example
 * ```ts
 * await emulator.sendUserMessage({ body: 'hello', room_id: 123, user_id: 'user_alice' });
 * ```
 */
export interface UserMessageInput {
  /** The text the user types. */
  body: string;
  /**
   * The room; created when it does not exist yet.
   * @default 123
   */
  room_id?: number | undefined;
  /**
   * The user; created when it does not exist yet.
   * @default "user_alice"
   */
  user_id?: string | undefined;
}

/**
 * What {@link Emulator.sendUserMessage} returns: the stored message, the exact event delivered, and
 * the delivery record (already finished: the bot has answered or failed).
 *
 * @example
 * ```ts
 * const { delivery } = await emulator.sendUserMessage({ body: 'hello' });
 * console.log(delivery.status);
 * ```
 */
export interface UserMessageResult {
  /** The message as stored. */
  readonly message: EmulatorMessage;
  /** The `talk.message_created` event that was signed and delivered. */
  readonly event: MessageCreatedEvent;
  /** The finished delivery. */
  readonly delivery: DeliveryRecord;
}

/**
 * A running emulator: a local stand-in for the MoMoTalk platform on 127.0.0.1.
 *
 * @example
 * ```ts
 * import { startEmulator } from 'momotalk-bot-sdk/testing';
 *
 * const emulator = await startEmulator({ callbackUrl: 'http://127.0.0.1:3000/momotalk/webhook' });
 * await emulator.sendUserMessage({ body: 'hello' });
 * const reply = await emulator.waitForBotMessage();
 * await emulator.close();
 * ```
 */
export interface Emulator {
  /**
   * The emulator's origin, e.g. `http://127.0.0.1:8787`: the base of {@link Emulator.apiBaseUrl} and of
   * the page's `/emulator/…` endpoints (which need {@link Emulator.accessToken}).
   */
  readonly url: string;
  /**
   * The web page with this run's access token, e.g. `http://127.0.0.1:8787/?token=3f9c…`: open this one
   * (the page without the token answers 401).
   */
  readonly pageUrl: string;
  /**
   * The random token generated at start that the page and its `/emulator/…` endpoints require, as the
   * `token` query parameter or the `x-emulator-token` header (the Bot API uses the bot token instead).
   * It keeps other local processes from making the emulator sign messages of their choice.
   */
  readonly accessToken: string;
  /** The Bot API base URL to give the bot (`BotClient`'s `baseUrl`, `MOMOTALK_API_BASE_URL`). */
  readonly apiBaseUrl: string;
  /** The bot id. */
  readonly botId: string;
  /** The bot token the Bot API accepts. */
  readonly token: string;
  /** The webhook secret deliveries are signed with. */
  readonly secret: string;
  /** The current callback URL, `undefined` when none is set. */
  readonly callbackUrl: string | undefined;
  /** Every stored message, oldest first (a live view: it grows as messages arrive). */
  readonly messages: readonly EmulatorMessage[];
  /** Every delivery attempt, oldest first (a live view). */
  readonly deliveries: readonly DeliveryRecord[];
  /** Changes where events are delivered. */
  setCallbackUrl(url: string | undefined): void;
  /**
   * A user writes `body` in a room: stores the message, delivers a signed `talk.message_created`
   * event to the callback URL and resolves when the bot has answered (or the delivery failed).
   */
  sendUserMessage(input: UserMessageInput | string): Promise<UserMessageResult>;
  /** Sends the same event (same event id and bytes) again; resolves with the new attempt. */
  redeliver(deliveryId: string): Promise<DeliveryRecord>;
  /** Sends a `webhook.test` event, like the console's "webhook test" button. */
  sendWebhookTest(): Promise<DeliveryRecord>;
  /**
   * Resolves with the next bot message (or the first already stored after `since` messages) that
   * matches `filter`. Rejects after `timeoutMs`.
   */
  waitForBotMessage(options?: WaitForBotMessageOptions): Promise<EmulatorMessage>;
  /** Forgets all messages and deliveries (rooms, users and credentials stay). */
  reset(): void;
  /** Stops the server and ends every open page connection. */
  close(): Promise<void>;
}

/**
 * Options of {@link Emulator.waitForBotMessage}.
 *
 * @example
 * ```ts
 * const reply = await emulator.waitForBotMessage({ roomId: 123, timeoutMs: 2000 });
 * ```
 */
export interface WaitForBotMessageOptions {
  /** Only messages in this room. */
  roomId?: number | undefined;
  /**
   * Bot messages already stored at this index or later count; by default only messages stored after
   * the last user message do.
   * @default the index after the last user message
   */
  since?: number | undefined;
  /**
   * How long to wait.
   * @default 5000
   */
  timeoutMs?: number | undefined;
}

import type { MessageCreatedEvent } from '../message-created-event.js';
import type { WebhookEvent } from '../webhook-event.js';

/**
 * What `ctx.reply` and `ctx.client` need from a Bot API client: `BotClient` has it, and so can a test
 * double.
 *
 * @example
 * ```ts
 * const fake: ReplyClient = { reply: async (event, body) => ({ sent: body }) };
 * ```
 */
export interface ReplyClient {
  /** Posts `body` in the event's room, as an answer to its message. */
  reply(event: MessageCreatedEvent, body: string, extra?: ReplyExtra): Promise<unknown>;
}

/**
 * The optional parts of a reply besides its text, passed through to the client's `reply`.
 *
 * @example
 * ```ts
 * await ctx.reply('Thanks!', { metadata: { intent: 'ack' } });
 * ```
 */
export interface ReplyExtra {
  /** Free-form JSON data attached to the message. */
  readonly metadata?: Readonly<Record<string, unknown>> | undefined;
  /** Cancels the request. */
  readonly signal?: AbortSignal | undefined;
}

/**
 * The second argument of every event handler.
 *
 * @example
 * ```ts
 * handler.on('talk.message_created', async (event, ctx) => {
 *   console.info(ctx.eventId, ctx.botId);
 *   await ctx.reply(`Echo: ${event.message.body}`);
 * });
 * ```
 */
export interface WebhookContext<E extends WebhookEvent = WebhookEvent> {
  /** The event being handled (the same object as the handler's first argument). */
  readonly event: E;
  /**
   * The delivery's event id (`X-MoMoTalk-Event-Id`, else the body's `event_id`): the dedupe key.
   * `undefined` only for an unknown event that carries neither.
   */
  readonly eventId: string | undefined;
  /** The bot the event is for: `X-MoMoTalk-Bot-Id`, else the body's `bot_id`. */
  readonly botId: string | undefined;
  /** Reads a request header by name (any case); `undefined` when absent. */
  header(name: string): string | undefined;
  /**
   * The Bot API client: the `client` option, else a `BotClient` created on first use from the environment
   * (`MOMOTALK_BOT_TOKEN`) for this event's bot.
   */
  readonly client: ReplyClient;
  /**
   * Answers the event's message in its room: `ctx.client.reply(event, body, extra)`.
   * @throws {TypeError} When the event has no message to answer (not `talk.message_created`).
   */
  reply(body: string, extra?: ReplyExtra): Promise<unknown>;
}

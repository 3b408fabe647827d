import type { BotClient } from '../../client/bot-client.js';
import type { RequestOptions } from '../../client/client-options.js';
import type { SendMessageParams } from '../../client/send-message-params.js';
import type { SendMessageResult } from '../../client/send-message-result.js';
import type { MessageCreatedEvent } from '../events/message-created-event.js';
import type { WebhookEvent } from '../events/webhook-event.js';

/**
 * What `ctx.reply` and `ctx.client` use: a `BotClient`, or anything with its `reply` and `sendMessage`
 * (a test double).
 *
 * @example
 * ```ts
 * import { BotClient } from 'momotalk-bot-sdk';
 *
 * const client: ReplyClient = new BotClient(); // MOMOTALK_BOT_ID, MOMOTALK_BOT_TOKEN
 * ```
 */
export type ReplyClient = Pick<BotClient, 'reply' | 'sendMessage'>;

/**
 * The second argument of every event handler. `ctx.reply` exists only where the event is a
 * `talk.message_created` (an `.on('talk.message_created', …)` handler): no other event has a message to
 * answer. Elsewhere (`onEvent`, `onUnknown`), narrow the event and use `ctx.client.reply(event, …)`.
 *
 * @example
 * ```ts
 * const handler = createWebhookHandler({ secret, client: new BotClient() });
 * handler.on('talk.message_created', async (event, ctx) => {
 *   console.info(ctx.eventId, ctx.botId);
 *   await ctx.reply(`Echo: ${event.message.body}`);
 * });
 * ```
 */
export type WebhookContext<E extends WebhookEvent = WebhookEvent> = WebhookContextBase<E> &
  // Not distributive: a handler for every event (`WebhookEvent`) has no `reply`, as some have no message.
  ([E] extends [MessageCreatedEvent] ? WebhookReplyContext : unknown);

/**
 * What every handler's `ctx` has, whatever the event; see {@link WebhookContext}.
 *
 * @example
 * ```ts
 * const log = (ctx: WebhookContextBase) => console.info(ctx.eventId, ctx.botId, ctx.header('user-agent'));
 * ```
 */
export interface WebhookContextBase<E extends WebhookEvent = WebhookEvent> {
  /** The event being handled (the same object as the handler's first argument). */
  readonly event: E;
  /**
   * The event id: the signed body's `event_id`, else (an unknown event type without one) the
   * `X-MoMoTalk-Event-Id` header, which is not signed, so fine for logs but not as a dedupe key (the handler
   * dedupes such events on their signature). `undefined` only for an event that carries neither.
   */
  readonly eventId: string | undefined;
  /** The bot the event is for: `X-MoMoTalk-Bot-Id`, else the body's `bot_id`. */
  readonly botId: string | undefined;
  /**
   * With an inbox worker's `coalesce` option: the earlier messages of the burst this event ends (same
   * sender, same room), oldest first. They were not handled on their own and will not be: this run
   * answers for all of them. Empty for a delivery and whenever nothing was coalesced.
   */
  readonly coalesced: readonly MessageCreatedEvent[];
  /** Reads a request header by name (any case); `undefined` when absent. */
  header(name: string): string | undefined;
  /**
   * The Bot API client from the `client` option (for this event's bot when it is a function).
   *
   * Reading it throws a `TypeError` when no `client` option was given: the client is never created
   * implicitly, so a webhook-only function does not bundle the HTTP client.
   */
  readonly client: ReplyClient;
}

/**
 * `ctx.reply`: in the `ctx` of a `talk.message_created` handler only; see {@link WebhookContext}.
 *
 * @example
 * ```ts
 * handler.on('talk.message_created', (event, ctx: WebhookReplyContext) => ctx.reply(`Echo: ${event.message.body}`));
 * ```
 */
export interface WebhookReplyContext {
  /**
   * Answers the event's message in its room: `ctx.client.reply(event, body, extra, options)`, within what
   * is left of the handler's `replyTimeout` when one is set.
   * @throws {TypeError} When no `client` option was given, or (JavaScript callers, where the types do not
   * keep it away) when the event has no message to answer (not `talk.message_created`).
   * @throws {MoMoTalkTimeoutError} When the handler's `replyTimeout` is spent (nothing is sent).
   * @throws The errors of `BotClient.sendMessage` (`MoMoTalkApiError` and others).
   */
  reply(
    body: string,
    extra?: Pick<SendMessageParams, 'metadata'>,
    options?: RequestOptions,
  ): Promise<SendMessageResult>;
}

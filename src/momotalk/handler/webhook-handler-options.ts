import type { DedupeSetting } from '../../receiver/dedupe-options.js';
import type { DeliveryErrorInfo, ReceiverOptions } from '../../receiver/receiver-options.js';
import type { WebhookEventMap } from '../events/known-webhook-events.js';
import type { UnknownWebhookEvent } from '../events/unknown-webhook-event.js';
import type { WebhookEvent } from '../events/webhook-event.js';
import type { WebhookSecret } from '../signature/webhook-secret.js';
import type { UnknownEventTypeName } from './unknown-event-type.js';
import type { ReplyClient, WebhookContext } from './webhook-context.js';

/**
 * An event type for `.on()`: a known one (autocompleted, narrowed; a typo does not compile), or one this
 * SDK version does not know yet, marked with `unknownEventType('…')` (its handler gets an
 * `UnknownWebhookEvent`).
 *
 * @example
 * ```ts
 * const type: EventTypeName = 'talk.message_created';
 * const later: EventTypeName = unknownEventType('room.member_joined');
 * ```
 */
export type EventTypeName = keyof WebhookEventMap | UnknownEventTypeName;

/**
 * The event a handler for `T` receives: the known event's type, else `UnknownWebhookEvent`.
 *
 * @example
 * ```ts
 * type Created = EventOfType<'talk.message_created'>; // MessageCreatedEvent
 * ```
 */
export type EventOfType<T extends string> = T extends keyof WebhookEventMap
  ? WebhookEventMap[T]
  : UnknownWebhookEvent;

/**
 * A function that handles one event. It may be async; throwing (or rejecting) marks the delivery failed.
 *
 * @example
 * ```ts
 * const onMessage: EventHandler<MessageCreatedEvent> = async (event, ctx) => {
 *   await ctx.reply(`Echo: ${event.message.body}`);
 * };
 * ```
 */
export type EventHandler<E extends WebhookEvent> = (event: E, ctx: WebhookContext<E>) => unknown;

/**
 * What `onError` is told besides the error: the receivers' one {@link DeliveryErrorInfo} shape, for
 * MoMoTalk events (`event`, and `eventId` when known).
 *
 * @example
 * ```ts
 * onError: (error, info) => console.error(info.phase, info.eventId, error),
 * ```
 */
export type WebhookErrorInfo = DeliveryErrorInfo<WebhookEvent>;

/**
 * Options of `createWebhookHandler`. Give the secret in exactly one way: `secret`, `secrets` or
 * `getSecret`; with none, `MOMOTALK_WEBHOOK_SECRET` from the environment is used.
 *
 * @example
 * ```ts
 * const options: WebhookHandlerOptions = {
 *   secret: process.env.MOMOTALK_WEBHOOK_SECRET!,
 *   botId: process.env.MOMOTALK_BOT_ID,
 *   onError: (error, info) => console.error('webhook failed', info.phase, error),
 * };
 * ```
 */
export interface WebhookHandlerOptions extends ReceiverOptions<WebhookEvent> {
  /**
   * The bot's webhook secret, or a list during a rotation (a delivery matching any is accepted).
   * @default process.env.MOMOTALK_WEBHOOK_SECRET
   */
  readonly secret?: WebhookSecret | undefined;
  /**
   * Several secrets (rotation); the same as passing an array as `secret`.
   * @default undefined (use `secret`)
   */
  readonly secrets?: readonly string[] | undefined;
  /**
   * One endpoint for several bots: returns the secret for the `X-MoMoTalk-Bot-Id` of the delivery, or
   * `undefined` / `null` for a bot that is not yours (answered 401). Any other answer that is not a string
   * or a list is an unknown bot too, so a plain lookup `(id) => secrets[id]` is safe with bot ids such as
   * `__proto__` or `toString`. A delivery without that header is answered 401.
   * @default undefined (one bot: `secret`)
   */
  readonly getSecret?:
    | ((botId: string) => WebhookSecret | null | undefined | Promise<WebhookSecret | null | undefined>)
    | undefined;
  /**
   * This bot's id: a delivery for another bot (header or body `bot_id`) is answered 401.
   * @default process.env.MOMOTALK_BOT_ID when the secret does not come from `getSecret`, else unchecked
   */
  readonly botId?: string | undefined;
  /**
   * Refuse deliveries whose signed `timestamp` is further than this from the clock (replay protection on
   * top of deduplication). Off by default: the platform's redelivery delays are not documented.
   * @default undefined (no age limit)
   */
  readonly maxAgeSeconds?: number | undefined;
  /**
   * Called for every event after the `.on()` handlers for its type, known or not.
   * @default undefined (only the `.on()` handlers run)
   */
  readonly onEvent?: EventHandler<WebhookEvent> | undefined;
  /**
   * Called for events whose type this SDK version does not know (they are answered 200 all the same).
   * @default undefined (unknown events reach only `.on()` handlers for their type and `onEvent`)
   */
  readonly onUnknown?: EventHandler<UnknownWebhookEvent> | undefined;
  /**
   * Called with every failure the platform cannot see: a handler that threw (the delivery is answered
   * 500 and its claim released, so a redelivery runs again), a dedupe store error, an unreadable body.
   * Never for rejected deliveries (4xx). Errors it throws are ignored.
   * @default logs with console.error
   */
  readonly onError?: ((error: unknown, info: WebhookErrorInfo) => void | Promise<void>) | undefined;
  /**
   * Exactly-once processing, keyed by the signed body's `event_id` (for an event type without one, by its
   * signature; the unsigned `X-MoMoTalk-Event-Id` header is only checked against the body): a store,
   * options, or `false`.
   * @default an in-memory store of this process (lost on restart): the last 10,000 processed events, each
   * for 24 h; claims held 60 s and never dropped early; every store call bounded to 3 s
   */
  readonly dedupe?: DedupeSetting | undefined;
  /**
   * The Bot API client behind `ctx.reply` and `ctx.client` (usually `new BotClient()`), or a function
   * giving one per bot id (several bots on one endpoint). Never created implicitly: a webhook-only function
   * then does not load or bundle the HTTP client (ky).
   * @default undefined (`ctx.reply` throws a TypeError saying to pass one)
   */
  readonly client?: ReplyClient | ((botId: string | undefined) => ReplyClient) | undefined;
  /**
   * The reply budget: milliseconds that `ctx.reply` sends made while handling one delivery may take in
   * total, retries and their waits included, counted from when the handler starts processing the
   * delivery. Each reply gets what is left (as its `totalTimeout`, or less if the client's is shorter); once
   * it is spent, `ctx.reply` rejects with `MoMoTalkTimeoutError` (`kind: 'total'`) without sending. The
   * platform guide documents no delivery deadline, so there is no default: set it below the deadline you
   * observe when the platform waits for your answer (`acknowledge: 'after-processing'`), so a reply that
   * could no longer help does not hold the delivery open. `ctx.client.sendMessage` is not bounded by it.
   * @default undefined (a reply is bounded only by the client's `timeout` and `totalTimeout`)
   */
  readonly replyTimeout?: number | undefined;
}

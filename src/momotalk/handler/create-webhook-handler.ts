import type { FetchHandler } from '../../adapters/fetch.js';
import { createReceiver, type Receiver } from '../../receiver/create-receiver.js';
import { mountReceiver } from '../../receiver/mount-receiver.js';
import type { IncomingDelivery } from '../../receiver/ports.js';
import { parseWebhookEvent, type WebhookEventInput } from '../events/parse-webhook-event.js';
import type { WebhookEvent } from '../events/webhook-event.js';
import { type MoMoTalkItem, momotalkProvider, nonEmpty } from '../provider.js';
import { WebhookContextObject } from './context-object.js';
import { EventRoutes } from './event-routes.js';
import type { HandleEventOptions } from './handle-event-options.js';
import { checkReplyTimeout } from './reply-budget.js';
import { resolveCheck, resolveClient } from './resolve-handler-options.js';
import type { WebhookContext } from './webhook-context.js';
import type {
  EventHandler,
  EventOfType,
  EventTypeName,
  WebhookHandlerOptions,
} from './webhook-handler-options.js';

const CALLER = 'createWebhookHandler';

/**
 * The MoMoTalk webhook handler: a Fetch-standard function, the {@link Receiver} the framework adapters
 * mount (`handleDelivery`, `drain`, `close`, `pendingTasks`), and `.on()` routing.
 *
 * @example
 * ```ts
 * import { BotClient, createWebhookHandler } from 'momotalk-bot-sdk';
 *
 * const handler = createWebhookHandler({ secret: process.env.MOMOTALK_WEBHOOK_SECRET!, client: new BotClient() })
 *   .on('talk.message_created', (event, ctx) => ctx.reply(`Echo: ${event.message.body}`));
 *
 * export default { fetch: handler }; // Cloudflare Workers, Bun, Deno
 * ```
 */
export interface WebhookHandler extends FetchHandler, Receiver {
  /**
   * Adds a handler for one event type; `event` is narrowed to that type (`MessageCreatedEvent` for
   * `'talk.message_created'`). A type this SDK does not know is passed as `unknownEventType('…')` (its
   * handler gets an `UnknownWebhookEvent`); a plain string naming no known type does not compile, so a typo
   * cannot register a handler that never fires. Chainable; several handlers for one type run in the order
   * added.
   *
   * @example
   * ```ts
   * handler.on('talk.message_created', (event, ctx) => ctx.reply(`Echo: ${event.message.body}`));
   * handler.on(unknownEventType('room.member_joined'), (event) => console.log(event.room_id));
   * ```
   */
  on<T extends EventTypeName>(type: T, handler: EventHandler<EventOfType<T>>): WebhookHandler;
  /**
   * Runs this handler's routes for one event outside a delivery: no signature check, no dedupe, no
   * answer. What an inbox worker calls for each event it takes from the inbox (`createInboxWorker` from
   * `momotalk-bot-sdk/bullmq`), and a way to replay a stored event. `event` is validated again with
   * `parseWebhookEvent` (JSON text, bytes or a parsed object); `ctx.header()` returns `undefined` (no
   * request), `ctx.eventId` / `ctx.botId` come from `options`, else the event's `event_id` / `bot_id`.
   *
   * @throws {WebhookPayloadError} When `event` is not a valid event (a known type of the wrong shape).
   * @throws Whatever a route throws (the first to throw stops the others).
   *
   * @example
   * ```ts
   * await handler.handleEvent(createMessageCreatedEvent({ body: 'hi' }));
   * ```
   */
  handleEvent(event: WebhookEventInput, options?: HandleEventOptions): Promise<void>;
}

/**
 * Creates the webhook endpoint of a MoMoTalk bot: verifies the signature, parses and routes the event to
 * your handlers, processes each event once, and answers the platform.
 *
 * The result is a Fetch-standard `(request, ...platformArgs) => Promise<Response>`: mount it as is on
 * Hono, Next.js route handlers, Bun, Deno and Cloudflare Workers (a platform argument with a `waitUntil`
 * method, like Workers' `ctx`, is used for background work), or through an adapter
 * (`momotalk-bot-sdk/node`, `/express`, `/fastify`, `/koa`, `/aws-lambda`).
 *
 * Answers (JSON bodies, never containing a secret):
 * - 200 `{"ok":true}`: processed, or a duplicate of an event already processed (not run again), or an
 *   event type this SDK does not know (it reaches `onUnknown` / `onEvent`).
 * - 409 `{"error":"in_progress"}`: a redelivery of an event another worker is still processing. It is not
 *   run twice, and not confirmed before the first run succeeds; the platform may retry it later.
 * - 401 `{"error":"<reason>"}`: `missing_signature`, `invalid_signature`, `bot_id_mismatch` (another bot's
 *   delivery), `event_id_mismatch` (header and signed body disagree), `missing_bot_id` / `unknown_bot`
 *   (with `getSecret`), `missing_timestamp` / `timestamp_too_old` / `timestamp_in_future` (with
 *   `maxAgeSeconds`).
 * - 400 `{"error":"invalid_payload"}`: not JSON, or a known event type of the wrong shape.
 * - 405 (with `Allow: POST`), 413 past `maxBodyBytes` (read stops at the limit).
 * - 500 `{"error":"processing_failed"}`: a handler threw; `onError` is called and the claim released,
 *   so a redelivery runs again.
 * - 503: `idempotency_unavailable` (the dedupe store failed or did not answer within `dedupe.timeoutMs`),
 *   `shutting_down` (after `close()`), `overloaded` (past `maxConcurrentReads`, with `retry-after`),
 *   `inbox_unavailable` (with an `inbox`: the event could not be stored; the claim was released).
 * The signature header's presence and format (and the bot-id header) are checked before the body is read.
 * With `acknowledge: 'before-processing'`, every authentic, well-formed delivery gets 200 first. With an
 * `inbox` (`createBullMQInbox` from `momotalk-bot-sdk/bullmq`), events are stored for workers instead of
 * processed here, and 200 means "stored" (see docs/scaling.md).
 *
 * @param options - Secret, bot id, handlers, limits; see {@link WebhookHandlerOptions}.
 * @returns The handler.
 * @throws {TypeError} When no secret is configured (nor `MOMOTALK_WEBHOOK_SECRET`), the secret is a
 * placeholder (blank, `"undefined"`, `"null"`), more than one of `secret` / `secrets` / `getSecret` is
 * given, or an option is invalid.
 *
 * @example
 * ```ts
 * import { BotClient, createWebhookHandler } from 'momotalk-bot-sdk';
 *
 * const handler = createWebhookHandler({
 *   secret: process.env.MOMOTALK_WEBHOOK_SECRET!,
 *   client: new BotClient(), // for ctx.reply; reads MOMOTALK_BOT_ID and MOMOTALK_BOT_TOKEN
 *   onError: (error, info) => console.error('webhook failed', info.phase, info.eventId, error),
 * }).on('talk.message_created', async (event, ctx) => {
 *   await ctx.reply(`Echo: ${event.message.body}`);
 * });
 *
 * Bun.serve({ port: 3000, fetch: handler });
 * ```
 *
 * @example Acknowledge first (slow handlers, short platform deadlines)
 * ```ts
 * const handler = createWebhookHandler({ secret, acknowledge: 'before-processing' });
 * process.on('SIGTERM', () => handler.close().then(() => process.exit(0)));
 * ```
 */
export function createWebhookHandler(options: WebhookHandlerOptions = {}): WebhookHandler {
  const check = resolveCheck(options, CALLER);
  const routes = new EventRoutes(options.onEvent, options.onUnknown);
  const clientFor = resolveClient(options.client, CALLER);
  const replyTimeout = checkReplyTimeout(options.replyTimeout, CALLER);

  const receiver = createReceiver(
    {
      ...momotalkProvider(check),
      process: (item, delivery) =>
        routes.dispatch(item.event, new WebhookContextObject(item, delivery, clientFor, replyTimeout)),
    },
    options,
  );

  const handler: WebhookHandler = mountReceiver(receiver, {
    async handleEvent(input: WebhookEventInput, given: HandleEventOptions = {}): Promise<void> {
      const event = parseWebhookEvent(input);
      const fields = event as { event_id?: unknown; bot_id?: unknown };
      const item: MoMoTalkItem = {
        event,
        eventId: given.eventId ?? stringField(fields.event_id),
        botId: given.botId ?? stringField(fields.bot_id),
        idempotencyKey: '',
      };
      const { client, wrapClient: wrap } = given;
      const base = client === undefined ? clientFor : () => client;
      const clients = wrap === undefined ? base : (botId: string | undefined) => wrap(base(botId));
      await routes.dispatch(
        event,
        new WebhookContextObject(item, NO_DELIVERY, clients, replyTimeout, given.coalesced),
      );
    },
    on<T extends EventTypeName>(type: T, fn: EventHandler<EventOfType<T>>): WebhookHandler {
      if (typeof type !== 'string' || type === '' || typeof fn !== 'function') {
        throw new TypeError(
          `[momotalk-bot-sdk] handler.on: pass an event type and a function, e.g. .on('talk.message_created', (event, ctx) => …).`,
        );
      }
      routes.add(type, fn as unknown as (event: WebhookEvent, ctx: WebhookContext) => unknown);
      return handler;
    },
  });
  return handler;
}

/** What `ctx.header()` reads outside a delivery: nothing. */
const NO_DELIVERY: IncomingDelivery = {
  method: 'POST',
  url: '',
  header: () => undefined,
  readBody: () => Promise.resolve(new Uint8Array()),
};

function stringField(value: unknown): string | undefined {
  return typeof value === 'string' || typeof value === 'number' ? nonEmpty(String(value)) : undefined;
}

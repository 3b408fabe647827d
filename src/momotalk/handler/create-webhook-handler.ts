import type { FetchHandler } from '../../adapters/fetch.js';
import { createReceiver, type Receiver } from '../../receiver/create-receiver.js';
import { mountReceiver } from '../../receiver/mount-receiver.js';
import type { WebhookEvent } from '../events/webhook-event.js';
import { momotalkProvider } from '../provider.js';
import { WebhookContextObject } from './context-object.js';
import { EventRoutes } from './event-routes.js';
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
 *   `shutting_down` (after `close()`), `overloaded` (past `maxConcurrentReads`, with `retry-after`).
 * The signature header's presence and format (and the bot-id header) are checked before the body is read.
 * With `acknowledge: 'before-processing'`, every authentic, well-formed delivery gets 200 first.
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

import type { FetchHandler } from '../../adapters/fetch.js';
import { readEnv } from '../../internal/read-env.js';
import { createReceiver, type Receiver } from '../../receiver/create-receiver.js';
import { mountReceiver } from '../../receiver/mount-receiver.js';
import { assertConstructOptions } from '../events/construct-webhook-event.js';
import type { WebhookEvent } from '../events/webhook-event.js';
import { type MoMoTalkCheck, momotalkProvider, nonEmpty } from '../provider.js';
import { normaliseSecrets, type WebhookSecret } from '../signature/webhook-secret.js';
import { checkReplyTimeout, WebhookContextObject } from './context-object.js';
import { EventRoutes } from './event-routes.js';
import type { ReplyClient, WebhookContext } from './webhook-context.js';
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
  const check = resolveCheck(options);
  const routes = new EventRoutes(options.onEvent, options.onUnknown);
  const clientFor = resolveClient(options.client);
  const replyTimeout = checkReplyTimeout(options.replyTimeout);

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

function resolveCheck(options: WebhookHandlerOptions): MoMoTalkCheck {
  const given = [options.secret, options.secrets, options.getSecret].filter((value) => value !== undefined);
  if (given.length > 1) {
    throw new TypeError(`[momotalk-bot-sdk] ${CALLER}: give only one of secret, secrets and getSecret.`);
  }
  const maxAgeSeconds = options.maxAgeSeconds;
  assertConstructOptions({ maxAgeSeconds }, CALLER); // once here; never per delivery
  if (options.getSecret !== undefined) {
    if (typeof options.getSecret !== 'function') {
      throw new TypeError(`[momotalk-bot-sdk] ${CALLER}: getSecret must be a function (botId) => secret.`);
    }
    return { secret: options.getSecret, construct: { botId: nonEmpty(options.botId), maxAgeSeconds } };
  }
  const secret: WebhookSecret | undefined =
    options.secret ?? options.secrets ?? readEnv('MOMOTALK_WEBHOOK_SECRET');
  if (secret === undefined) {
    throw new TypeError(
      `[momotalk-bot-sdk] ${CALLER}: no webhook secret. Pass { secret } (the bot console shows it) or set ` +
        'MOMOTALK_WEBHOOK_SECRET; for several bots on one endpoint pass getSecret(botId).',
    );
  }
  normaliseSecrets(secret, CALLER); // throws a TypeError with guidance for an empty secret
  return {
    secret,
    construct: { botId: nonEmpty(options.botId ?? readEnv('MOMOTALK_BOT_ID')), maxAgeSeconds },
  };
}

function resolveClient(client: WebhookHandlerOptions['client']): (botId: string | undefined) => ReplyClient {
  if (typeof client === 'function') return client;
  if (client !== undefined) return () => client;
  return () => {
    throw new TypeError(
      `[momotalk-bot-sdk] ctx.reply / ctx.client: no Bot API client. Pass one to ${CALLER}: ` +
        "{ client: new BotClient() } (import { BotClient } from 'momotalk-bot-sdk'; it reads MOMOTALK_BOT_ID and " +
        'MOMOTALK_BOT_TOKEN). It is never created implicitly, so webhook-only functions do not bundle the HTTP client.',
    );
  };
}

import { WebhookVerificationError } from '../../errors/webhook-verification-error.js';
import { MOMOTALK_HEADERS } from '../headers.js';
import { type HeadersLike, readHeader } from '../read-header.js';
import type { RawBody } from '../signature/raw-body.js';
import { verifyWebhook } from '../signature/verify-webhook.js';
import { verifyWebhookAsync } from '../signature/verify-webhook-async.js';
import type { WebhookSecret } from '../signature/webhook-secret.js';
import { parseWebhookEvent } from './parse-webhook-event.js';
import type { WebhookEvent } from './webhook-event.js';

/**
 * Options of {@link constructWebhookEvent} and {@link constructWebhookEventAsync}.
 *
 * @example
 * ```ts
 * const options: ConstructWebhookEventOptions = { botId: process.env.MOMOTALK_BOT_ID, maxAgeSeconds: 300 };
 * ```
 */
export interface ConstructWebhookEventOptions {
  /**
   * The bot this endpoint serves. When set, an event whose body `bot_id` differs is refused
   * (`bot_id_mismatch`). An event without a `bot_id` (possible only for unknown event types) passes: the
   * signature already proves it was signed with this bot's secret.
   * @default undefined (not checked)
   */
  botId?: string | undefined;
  /**
   * Replay protection: refuse events whose signed `timestamp` (Unix seconds) is more than this many seconds
   * old (`timestamp_too_old`) or ahead of the clock (`timestamp_in_future`). Events without a numeric
   * `timestamp` are then refused too (`missing_timestamp`). Deduplicating by event id is the main
   * defence against replays; this is an extra, opt-in layer.
   * @default undefined (no age limit)
   */
  maxAgeSeconds?: number | undefined;
  /**
   * The clock, in milliseconds since the Unix epoch (for tests).
   * @default Date.now
   */
  now?: (() => number) | undefined;
}

/**
 * Verifies a delivery and returns its typed event, in one call: checks `X-MoMoTalk-Bot-Signature` against
 * the raw body, parses the body (like `parseWebhookEvent`), then checks that the `X-MoMoTalk-Bot-Id` and
 * `X-MoMoTalk-Event-Id` headers agree with the body's `bot_id` and `event_id`, and the options.
 *
 * The body is parsed only after the signature checks out. The id headers are not signed, so they are
 * compared for consistency (a misrouted or tampered request), not trusted: a missing or empty id header,
 * or a body without that id (unknown event types), is not an error.
 *
 * Synchronous, on node:crypto; on runtimes without it use {@link constructWebhookEventAsync}.
 *
 * @param rawBody - The exact body bytes as received.
 * @param headers - The request headers: Fetch `Headers`, Node's `req.headers`, or a plain object.
 * @param secret - The webhook secret, or a list of secrets during a rotation.
 * @param options - See {@link ConstructWebhookEventOptions}.
 * @returns The verified event.
 * @throws {WebhookVerificationError} When the delivery is not authentic; `reason` says why (answer 401).
 * @throws {WebhookPayloadError} When the signed body is not a valid event (answer 400).
 * @throws {TypeError} When `rawBody` is not raw bytes or text, `secret` is empty, or `maxAgeSeconds` is
 * not a finite number >= 0.
 * @throws {Error} When the runtime has no node:crypto.
 *
 * @example
 * ```ts
 * import express from 'express';
 * import { constructWebhookEvent, isWebhookVerificationError } from 'momotalk-bot-sdk';
 *
 * app.post('/momotalk/webhook', express.raw({ type: 'application/json' }), (req, res) => {
 *   try {
 *     const event = constructWebhookEvent(req.body, req.headers, process.env.MOMOTALK_WEBHOOK_SECRET!);
 *     if (event.event_type === 'talk.message_created') console.log(event.message.body);
 *     res.json({ ok: true });
 *   } catch (error) {
 *     res.status(isWebhookVerificationError(error) ? 401 : 400).end();
 *   }
 * });
 * ```
 */
export function constructWebhookEvent(
  rawBody: RawBody,
  headers: HeadersLike,
  secret: WebhookSecret,
  options?: ConstructWebhookEventOptions,
): WebhookEvent {
  assertConstructOptions(options, 'constructWebhookEvent');
  const signature = readHeader(headers, MOMOTALK_HEADERS.signature);
  if (!verifyWebhook(rawBody, signature, secret)) throw signatureFailure(signature);
  return checkedEvent(rawBody, headerIds(headers), options);
}

/**
 * {@link constructWebhookEvent} on Web Crypto, for runtimes without node:crypto (Cloudflare Workers,
 * browsers, Deno Deploy). Same checks, same errors (as a rejected promise; programmer errors throw
 * synchronously).
 *
 * @param rawBody - The exact body bytes as received.
 * @param headers - The request headers: Fetch `Headers`, Node's `req.headers`, or a plain object.
 * @param secret - The webhook secret, or a list of secrets during a rotation.
 * @param options - See {@link ConstructWebhookEventOptions}.
 * @returns The verified event.
 * @throws {WebhookVerificationError} When the delivery is not authentic; `reason` says why (answer 401).
 * @throws {WebhookPayloadError} When the signed body is not a valid event (answer 400).
 * @throws {TypeError} When `rawBody` is not raw bytes or text, `secret` is empty, or `maxAgeSeconds` is
 * not a finite number >= 0.
 * @throws {Error} When the runtime has no Web Crypto.
 *
 * @example
 * ```ts
 * import { constructWebhookEventAsync } from 'momotalk-bot-sdk';
 *
 * export default {
 *   async fetch(request: Request, env: { MOMOTALK_WEBHOOK_SECRET: string }) {
 *     const rawBody = await request.arrayBuffer();
 *     const event = await constructWebhookEventAsync(rawBody, request.headers, env.MOMOTALK_WEBHOOK_SECRET);
 *     return Response.json({ ok: true, type: String(event.event_type) });
 *   },
 * };
 * ```
 */
export function constructWebhookEventAsync(
  rawBody: RawBody,
  headers: HeadersLike,
  secret: WebhookSecret,
  options?: ConstructWebhookEventOptions,
): Promise<WebhookEvent> {
  assertConstructOptions(options, 'constructWebhookEventAsync');
  const signature = readHeader(headers, MOMOTALK_HEADERS.signature);
  return verifyWebhookAsync(rawBody, signature, secret).then((genuine) => {
    if (!genuine) throw signatureFailure(signature);
    return checkedEvent(rawBody, headerIds(headers), options);
  });
}

/**
 * @internal The unsigned id headers {@link checkedEvent} compares with the body.
 */
export interface HeaderIds {
  /** `X-MoMoTalk-Bot-Id`, when present. */
  readonly botId: string | undefined;
  /** `X-MoMoTalk-Event-Id`, when present. */
  readonly eventId: string | undefined;
}

function headerIds(headers: HeadersLike): HeaderIds {
  return {
    botId: readHeader(headers, MOMOTALK_HEADERS.botId),
    eventId: readHeader(headers, MOMOTALK_HEADERS.eventId),
  };
}

/**
 * @internal Validates the options once (the webhook handler calls it at creation).
 * @throws {TypeError} When `maxAgeSeconds` is not a finite number >= 0.
 */
export function assertConstructOptions(options: ConstructWebhookEventOptions | undefined, caller: string) {
  const maxAge = options?.maxAgeSeconds;
  if (maxAge !== undefined && !(typeof maxAge === 'number' && maxAge >= 0 && maxAge !== Infinity)) {
    throw new TypeError(
      `[momotalk-bot-sdk] ${caller}: maxAgeSeconds must be a finite number of seconds >= 0 (e.g. 300), or ` +
        'left out to turn the age check off.',
    );
  }
}

/**
 * @internal The error for a signature that did not verify: `missing_signature` when there is none,
 * else `invalid_signature`.
 */
export function signatureFailure(signature: string | null | undefined): WebhookVerificationError {
  if (signature === undefined || signature === null || signature === '') {
    return new WebhookVerificationError(
      'missing_signature',
      'The X-MoMoTalk-Bot-Signature header is missing or empty; MoMoTalk signs every delivery.',
    );
  }
  return new WebhookVerificationError(
    'invalid_signature',
    "The X-MoMoTalk-Bot-Signature does not match the body. Check that the webhook secret is this bot's " +
      'and that the raw, unparsed body bytes are passed.',
  );
}

/**
 * @internal The steps after the signature verified: parse the body, compare its ids with the headers and
 * the options, check its age. Call it only with a body whose signature verified, and with options already
 * checked by {@link assertConstructOptions}.
 * @throws {WebhookPayloadError} When the body is not a valid event.
 * @throws {WebhookVerificationError} When an id or the timestamp does not match.
 */
export function checkedEvent(
  rawBody: RawBody,
  headers: HeaderIds,
  options: ConstructWebhookEventOptions | undefined,
): WebhookEvent {
  const event = parseWebhookEvent(rawBody);
  const body = event as { bot_id?: unknown; event_id?: unknown; timestamp?: unknown };
  checkId('bot_id', body.bot_id, headers.botId, 'X-MoMoTalk-Bot-Id');
  checkId('bot_id', body.bot_id, options?.botId, 'the botId option');
  checkId('event_id', body.event_id, headers.eventId, 'X-MoMoTalk-Event-Id');
  if (options?.maxAgeSeconds !== undefined) {
    checkAge(body.timestamp, options.maxAgeSeconds, (options.now ?? Date.now)());
  }
  return event;
}

/** Compares a body id with an expected one; either absent (or empty) means there is nothing to compare. */
function checkId(
  field: 'bot_id' | 'event_id',
  actual: unknown,
  expected: string | undefined,
  source: string,
) {
  if (expected === undefined || expected === '') return;
  if (typeof actual !== 'string' && typeof actual !== 'number') return;
  if (String(actual) === expected) return;
  throw new WebhookVerificationError(
    field === 'bot_id' ? 'bot_id_mismatch' : 'event_id_mismatch',
    `The body's ${field} does not match ${source}.`,
  );
}

function checkAge(timestamp: unknown, maxAgeSeconds: number, nowMs: number) {
  if (typeof timestamp !== 'number' || !Number.isFinite(timestamp)) {
    throw new WebhookVerificationError(
      'missing_timestamp',
      'maxAgeSeconds is set but the event has no numeric timestamp to check.',
    );
  }
  const ageSeconds = nowMs / 1000 - timestamp;
  if (ageSeconds > maxAgeSeconds) {
    throw new WebhookVerificationError(
      'timestamp_too_old',
      `The event's timestamp is ${Math.round(ageSeconds)} s old, more than maxAgeSeconds (${maxAgeSeconds}).`,
    );
  }
  if (-ageSeconds > maxAgeSeconds) {
    throw new WebhookVerificationError(
      'timestamp_in_future',
      `The event's timestamp is ${Math.round(-ageSeconds)} s ahead of this server's clock, more than ` +
        `maxAgeSeconds (${maxAgeSeconds}). Is the server clock right?`,
    );
  }
}

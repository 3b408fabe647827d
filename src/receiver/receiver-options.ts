import type { Logger } from '../telemetry/logger.js';
import type { DeliveryTrace, Telemetry, TelemetrySpan } from '../telemetry/telemetry.js';
import type { DedupeSetting } from './dedupe-options.js';
import type { InboxEntry, InboxWriter } from './inbox-writer.js';
import type { IncomingDelivery } from './ports.js';
import type { DeliveryRejection } from './rejection.js';

/**
 * When the receiver answers the platform.
 *
 * - `after-processing`: run the handlers first, then answer: 200 on success, 500 when a handler threw
 *   (so the platform can redeliver). Right when the platform's deadline is generous.
 * - `before-processing`: answer 200 as soon as the delivery is authentic and well-formed, then process.
 *   The platform never learns about handler failures (they go to `onError`) and will not redeliver.
 *   The work continues through the runtime's `waitUntil` when there is one (Cloudflare Workers, Vercel,
 *   or the `waitUntil` option); otherwise in this process, tracked so `drain()` / `close()` can wait for it
 *   on shutdown. The in-process mode needs a long-lived server: a serverless function without
 *   `waitUntil` may be frozen once it has answered.
 *   Deduplication still applies: a redelivery of a processed or in-progress item is skipped; if the dedupe
 *   store cannot be reached the item is skipped too and reported to `onError` (phase `idempotency`), since
 *   the platform has its 2xx already and a duplicate is the worse outcome.
 *
 * @example
 * ```ts
 * const acknowledge: AcknowledgeMode = 'before-processing';
 * ```
 */
export type AcknowledgeMode = 'after-processing' | 'before-processing';

/**
 * Where a failure reported to `onError` happened.
 *
 * - `process`: a handler (your code) threw; the delivery's claim was released.
 * - `idempotency`: the dedupe store failed or did not answer within `dedupe.timeoutMs` (claim, complete or
 *   release).
 * - `read`: the request body could not be read (a stream error, a Fetch `Request` whose body was already
 *   used). A body parser that consumed the body in front of a Node framework adapter is not reported here:
 *   the adapter raises that error itself (`next(error)` or a throw), once. A client
 *   that disconnected mid-body is not reported here: it goes to `onRejected` as `client_aborted`.
 * - `schedule`: the runtime's `waitUntil` threw.
 * - `inbox`: the `inbox` option's `enqueue` failed or did not answer within `dedupe.timeoutMs`; the
 *   delivery was answered 503 and its claim released.
 * - `internal`: anything else; a bug worth reporting.
 *
 * @example
 * ```ts
 * const phase: DeliveryErrorPhase = 'process';
 * ```
 */
export type DeliveryErrorPhase = 'process' | 'idempotency' | 'read' | 'schedule' | 'inbox' | 'internal';

/**
 * What `onError` is told besides the error: one shape for every receiver (the MoMoTalk handler's
 * `WebhookErrorInfo` and the Kakao receivers' `KakaoErrorInfo` are this type).
 *
 * @typeParam TEvent - What the receiver's handlers get: a `WebhookEvent`, a `BizmessageHookEvent`, a
 * `TalkShareWebhook`.
 *
 * @example
 * ```ts
 * const info: DeliveryErrorInfo<{ id: string }> = { phase: 'process', event: { id: 'hook-1' }, eventId: 'hook-1' };
 * ```
 */
export interface DeliveryErrorInfo<TEvent = unknown> {
  /** Where it failed; `process` means one of your handlers threw. */
  readonly phase: DeliveryErrorPhase;
  /** The event (hook, share) being processed, when the failure concerns one. */
  readonly event?: TEvent;
  /**
   * Its id, when known: a MoMoTalk event's `event_id`; a Bizmessage hook's dedupe key (its `hookId`, or
   * `hooksId#index` for an unknown hook without one); a Talk Share delivery's `X-Kakao-Resource-ID`.
   */
  readonly eventId?: string;
}

/**
 * A provider: what one platform adds to the receiver pipeline. The pipeline ({@link createReceiver}) does
 * everything else: method check (405), bounded body read (413), dedupe, acknowledgement, error reporting
 * and answers. The providers in this package:
 * - MoMoTalk (`createWebhookHandler`): POST, HMAC of the raw body, one event per delivery, key from the
 *   event id.
 * - KakaoTalk Bizmessage: POST, constant-time header equality, many hooks per delivery, each deduped by
 *   its `hookId`.
 * - Kakao Talk Share: GET or POST, `Authorization` check, `acknowledge: 'before-processing'` always (the
 *   platform never retries and wants 2xx within 3 s, so a failing handler still gets 200).
 *
 * Steps get the raw body already read (empty for a GET). `authenticate` and `parse` return a
 * {@link DeliveryRejection} (made with `rejectDelivery`) for attacker-controlled problems; a step that
 * throws is treated as a bug: 500 and `onError` with phase `internal`.
 *
 * @example
 * ```ts fragment
 * const provider: DeliveryProvider<Hook> = {
 *   methods: ['POST'],
 *   authenticate: (delivery) => (matches(delivery.header('x-signature')) ? undefined : rejectDelivery(401, 'invalid_signature')),
 *   parse: (_delivery, body) => parseHooks(body),
 *   idempotencyKey: (hook) => `nhn:${hook.hookId}`,
 *   process: (hook) => userHandler(hook),
 * };
 * const receiver = createReceiver(provider, userOptions);
 * ```
 */
export interface DeliveryProvider<TItem, TEvent = TItem> {
  /**
   * The factory's name, for programmer-error messages, e.g. `"createWebhookHandler"`.
   * @default "createReceiver"
   */
  readonly caller?: string | undefined;
  /** The HTTP methods the platform uses, upper case; any other gets 405 with an `Allow` header. */
  readonly methods: readonly string[];
  /**
   * A cheap, synchronous check of the credential headers that runs before the body is read: a request
   * without a well-formed credential is refused (usually 401) without buffering a byte of its body.
   * `undefined` lets the body be read and `authenticate` run.
   */
  checkHeaders?(delivery: IncomingDelivery): DeliveryRejection | undefined;
  /** Checks the credentials; `undefined` accepts, a rejection (usually 401) refuses. */
  authenticate(
    delivery: IncomingDelivery,
    body: Uint8Array,
  ): DeliveryRejection | undefined | Promise<DeliveryRejection | undefined>;
  /** Turns the authentic delivery into the items to process (one event, or many hooks); 400 via a rejection. */
  parse(
    delivery: IncomingDelivery,
    body: Uint8Array,
  ): readonly TItem[] | DeliveryRejection | Promise<readonly TItem[] | DeliveryRejection>;
  /**
   * The dedupe key of an item, namespaced by provider (`"momotalk:<bot>:<event>"`), or `undefined` to
   * process it without deduplication. Must come from authenticated data or be checked against it.
   */
  idempotencyKey(item: TItem, delivery: IncomingDelivery): string | undefined;
  /**
   * Runs the user's handlers for one item; throwing marks the item failed. When the receiver has
   * `telemetry`: `span` is the handler's span (for naming what handled the item) and `trace` the
   * delivery's (for a step of its own, e.g. `trace.step('enqueue')`, and `trace.carrier()` to put in a
   * job); both `undefined` otherwise.
   */
  process(
    item: TItem,
    delivery: IncomingDelivery,
    span?: TelemetrySpan,
    trace?: DeliveryTrace,
  ): Promise<void>;
  /**
   * What the `inbox` option stores for an item (its lane and JSON payload; the receiver adds the id).
   * A provider without it cannot be given an inbox.
   */
  inboxEntry?(item: TItem): Omit<InboxEntry, 'id'>;
  /**
   * What `onError` is told about an item: the event the user's handlers get and its id.
   * @default the item itself, with its dedupe key as the id
   */
  describe?(item: TItem): { readonly event: TEvent; readonly eventId: string | undefined };
}

/**
 * The options every receiver shares, declared once: the MoMoTalk handler's and the Kakao receivers'
 * options extend these, and the receiver reads them from the user's object as given.
 *
 * @example
 * ```ts
 * const options: ReceiverOptions<unknown> = { maxBodyBytes: 64 * 1024, acknowledge: 'before-processing' };
 * ```
 */
export interface ReceiverOptions<TEvent> {
  /**
   * The largest body accepted; past it the answer is 413 and reading stops (never buffered whole).
   * @default 1048576 (1 MiB)
   */
  readonly maxBodyBytes?: number | undefined;
  /**
   * How many request bodies may be read at once (only requests whose credential headers passed the
   * pre-read check count). Past it a delivery is answered 503 `{"error":"overloaded"}` with
   * `retry-after: 1` instead of being buffered, so the memory held by bodies being read stays under
   * `maxConcurrentReads × maxBodyBytes` (64 MiB by default) however many clients stall mid-body.
   * @default 64
   */
  readonly maxConcurrentReads?: number | undefined;
  /**
   * How long one body may take to arrive once its read started; past it the read is abandoned and the
   * delivery answered 408 `{"error":"body_timeout"}` with `connection: close`, which frees its
   * `maxConcurrentReads` slot.
   * @default 10000 (10 s)
   */
  readonly bodyTimeoutMs?: number | undefined;
  /**
   * Deduplication: a store, options, or `false` to turn it off.
   * @default { store: new MemoryIdempotencyStore(), claimTtlMs: 60000, ttlMs: 86400000, timeoutMs: 3000 }
   */
  readonly dedupe?: DedupeSetting | undefined;
  /**
   * Answer after processing (failures give 500 and the platform may redeliver) or before (always 200,
   * work continues in the background).
   * @default "after-processing"
   */
  readonly acknowledge?: AcknowledgeMode | undefined;
  /**
   * A durable inbox (`createBullMQInbox` from `momotalk-bot-sdk/bullmq`, or `createMemoryInbox`): instead
   * of running the handlers, the receiver claims each item, enqueues it and answers 200 once the inbox
   * holds it; workers process it later (see docs/scaling.md). When `enqueue` fails or does not answer
   * within `dedupe.timeoutMs` the delivery is answered 503 `{"error":"inbox_unavailable"}` and the claim
   * released, so the platform's redelivery is processed. `acknowledge` does not apply with an inbox.
   * @default undefined (process in this process)
   */
  readonly inbox?: InboxWriter | undefined;
  /**
   * Keeps the runtime alive for background work when the platform argument has no `waitUntil` of its own,
   * e.g. `waitUntil` from `@vercel/functions`.
   * @default undefined (use the delivery's, else in-process background work)
   */
  readonly waitUntil?: ((promise: Promise<unknown>) => void) | undefined;
  /**
   * In-process background mode only: when this many deliveries are still being processed, the next one is
   * processed before it is answered, so queued work (and memory) cannot grow without bound.
   * @default 1000
   */
  readonly maxPendingTasks?: number | undefined;
  /**
   * Called for every failure the caller cannot see in the response: handler errors, store errors,
   * unreadable bodies, bugs. Never for rejected requests (4xx). Its own errors are swallowed.
   * @default logs through `logger.error` (fields `phase`, `eventId`, `err`), else (no logger, or one without
   * `error`) with console.error
   */
  readonly onError?: ((error: unknown, info: DeliveryErrorInfo<TEvent>) => void | Promise<void>) | undefined;
  /**
   * Called for every delivery refused with a 4xx (401, 400, 405, 408, 413) or 503 `overloaded`, with the status, the error code
   * sent and, when there is one, the underlying error (a `WebhookVerificationError` or a payload error):
   * for logging a misconfigured secret or a body parser in the way. Also for a client that closed the
   * connection mid-body (`client_aborted`: nobody is left to answer, and it is not an application error,
   * so it never reaches `onError`). Its own errors are swallowed. Nothing in it is sent to the client.
   * @default undefined: outside production (`NODE_ENV !== 'production'`) refusals are logged as
   * `console.warn` lines (or `logger.warn` with fields `status`, `code`, `hint`) naming the failed check and
   * its usual fix (never a secret or signature), at most one line a minute per code; in production,
   * nothing (or `logger.debug`, with the same limit)
   */
  readonly onRejected?: ((rejection: DeliveryRejectionInfo) => void | Promise<void>) | undefined;
  /**
   * Structured log lines (failures, refusals); see {@link Logger}. Secrets and tokens are redacted.
   * @default undefined (failures to console.error, refusals to console.warn in development)
   */
  readonly logger?: Logger | undefined;
  /**
   * Traces and metrics of every delivery: `openTelemetry()` from `momotalk-bot-sdk/otel`, or your own
   * {@link Telemetry}.
   * @default undefined (nothing recorded, nothing loaded)
   */
  readonly telemetry?: Telemetry | undefined;
}

/**
 * What `onRejected` is told about a refused delivery (a 4xx, or 503 `overloaded`).
 *
 * @example
 * ```ts
 * onRejected: ({ status, error, cause }) => console.warn(`webhook refused: ${status} ${error}`, cause),
 * ```
 */
export interface DeliveryRejectionInfo {
  /** The status answered (401, 400, 405, 408, 413, or 503 for `overloaded`). */
  readonly status: number;
  /** The error code in the response body, e.g. `"invalid_signature"`. */
  readonly error: string;
  /** The underlying error, when there is one. Never sent. */
  readonly cause?: unknown;
}

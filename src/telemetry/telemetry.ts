/**
 * The instrumentation seam: what the receivers, the client (and the bot layer and inbox workers built on
 * them) tell a tracer and a meter. Types only, so the root entry pays nothing for it; `openTelemetry()`
 * from `momotalk-bot-sdk/otel` implements it with `@opentelemetry/api`. Without a `telemetry` option
 * nothing is called and nothing is allocated.
 *
 * Values handed to it are ids, names, codes and statuses: never a secret, a token, a signature or a message
 * body.
 */

/**
 * Attribute values: OpenTelemetry's primitive kinds. `undefined` values are dropped.
 *
 * @example
 * ```ts
 * const attributes: TelemetryAttributes = { 'momotalk.handler.name': 'command:help' };
 * ```
 */
export type TelemetryAttributes = Readonly<Record<string, string | number | boolean | undefined>>;

/**
 * A step of a delivery: `read` (the body), `verify` (the credentials: signature, authorization),
 * `parse`, `claim` (the dedupe store), `enqueue` (a durable inbox, when there is one).
 *
 * @example
 * ```ts
 * const step: DeliveryStepName = 'verify';
 * ```
 */
export type DeliveryStepName = 'read' | 'verify' | 'parse' | 'claim' | 'enqueue';

/**
 * What a delivery or a job ended as. Refusals carry their code (`invalid_signature`, …) besides.
 *
 * - `processed`: every item ran (or was already done and at least one ran now);
 * - `duplicate`: every item had been processed before (not run again);
 * - `acknowledged`: answered 200 before processing (`acknowledge: 'before-processing'`);
 * - `refused`: a 4xx (or 503 `overloaded`) before any handler ran;
 * - `failed`: a handler threw; `in_progress`: another worker holds the claim (409);
 * - `unavailable`: the dedupe store (or the inbox) could not be reached (503);
 * - `shutting_down` (503 after `close()`), `error` (a bug: 500);
 * - `rate_limited` (a job only): the Bot API answered 429; the run is repeated after the pause.
 *
 * @example
 * ```ts
 * const outcome: DeliveryOutcome = 'duplicate';
 * ```
 */
export type DeliveryOutcome =
  | 'processed'
  | 'duplicate'
  | 'acknowledged'
  | 'refused'
  | 'failed'
  | 'in_progress'
  | 'unavailable'
  | 'shutting_down'
  | 'error'
  | 'rate_limited';

/**
 * What became of one item (event, hook) processed before the answer: run now (or, with an inbox, stored for
 * the workers), already done before, held by another worker (409), failed (a handler threw: 500), not
 * claimable (the dedupe store failed: 503), or not stored (`not_enqueued`: the inbox failed, 503).
 *
 * @example
 * ```ts
 * const outcome: ItemOutcome = 'duplicate';
 * ```
 */
export type ItemOutcome =
  | 'processed'
  | 'duplicate'
  | 'in_progress'
  | 'failed'
  | 'unavailable'
  | 'not_enqueued';

/**
 * One running span: a step, a handler, a send.
 *
 * @example
 * ```ts fragment
 * const step = trace.step('verify');
 * step.end(denied?.error);
 * ```
 */
export interface TelemetrySpan {
  /** Adds attributes (e.g. the bot layer names the command that handled the event). */
  annotate(attributes: TelemetryAttributes): void;
  /**
   * Ends the span. `result` is a short code (`duplicate`, `invalid_signature`) recorded as an attribute;
   * `error` marks the span failed and is recorded as an exception (its message and type; the SDK's errors
   * never hold a secret).
   */
  end(result?: string, error?: unknown): void;
}

/**
 * One delivery, from its arrival to its answer (and its background processing in
 * `acknowledge: 'before-processing'` mode).
 *
 * @example
 * ```ts fragment
 * const trace = telemetry.delivery?.({ receiver: 'createWebhookHandler', method: 'POST', url: '/webhook' });
 * ```
 */
export interface DeliveryTrace {
  /** Starts a step's span, a child of the delivery's. */
  step(name: DeliveryStepName): TelemetrySpan;
  /**
   * Runs one item's handler as the handler span, the active one while `run` runs (so the client's sends
   * and the bot layer's spans nest under it where the runtime propagates context), and ends it with
   * `run`'s outcome. `event` and `eventId` describe the item (ids and the event type are recorded, never
   * the message body).
   */
  handle<T>(
    item: { readonly event: unknown; readonly eventId: string | undefined },
    run: (span: TelemetrySpan) => Promise<T>,
  ): Promise<T>;
  /**
   * Trace context to carry with work handed to another process (an inbox job), in the W3C
   * `traceparent` / `tracestate` form; empty when there is none.
   */
  carrier(): Record<string, string>;
  /**
   * The items were processed before the answer (not called for a refusal, nor in `before-processing`
   * mode, where the answer comes first): their outcomes, in order.
   */
  items(outcomes: readonly ItemOutcome[]): void;
  /**
   * The delivery was answered: `status`, and `body`, the JSON answer whose `error` is the refusal or
   * failure code (`{"error":"invalid_signature"}`). What it ended as ({@link DeliveryOutcome}) follows
   * from these and the items.
   */
  end(answer: { readonly status: number; readonly body: string }): void;
}

/**
 * One `sendMessage` call (all its attempts).
 *
 * @example
 * ```ts fragment
 * const trace = telemetry.send?.({ method: 'POST', url: 'https://bot.example/api/bots/bot_1/messages', roomId: '1' });
 * ```
 */
export interface SendTrace {
  /** An attempt got an HTTP response. */
  response(status: number, retryAfterSeconds: number | undefined): void;
  /** A retry starts after `delayMs`; `reason` is the status or error code that caused it. */
  retry(attempt: number, delayMs: number, reason: string): void;
  /**
   * The call settled: `status` on a 2xx, else `error`. `ambiguous`: the request may have reached the
   * platform although the call failed (a timeout or a connection lost after sending), so the message may
   * or may not have been posted.
   */
  end(status: number | undefined, error: unknown, ambiguous: boolean): void;
}

/**
 * One inbox job taken by a worker: `start.carrier` is what {@link DeliveryTrace.carrier} gave when it
 * was enqueued, so the job's span is linked to the webhook's.
 *
 * @example
 * ```ts fragment
 * const job = telemetry.job?.({ queue: 'momotalk', id: job.id, carrier: job.data.trace, attempt: job.attemptsMade + 1 });
 * ```
 */
export interface JobTrace {
  /** As {@link DeliveryTrace.handle}. */
  handle<T>(
    item: { readonly event: unknown; readonly eventId: string | undefined },
    run: (span: TelemetrySpan) => Promise<T>,
  ): Promise<T>;
  /** The job settled; `error` when it failed (it may be retried). */
  end(outcome: DeliveryOutcome, error?: unknown): void;
}

/**
 * A queue's state for the inbox gauges, sampled when metrics are collected.
 *
 * @example
 * ```ts
 * const sample: QueueSample = { depth: 3, oldestAgeMs: 1_250 };
 * ```
 */
export interface QueueSample {
  /** Jobs waiting (not yet taken by a worker). */
  readonly depth: number;
  /** Age of the oldest waiting job; `undefined` when none waits. */
  readonly oldestAgeMs?: number | undefined;
}

/**
 * The instrumentation a receiver, a `BotClient` and an inbox worker call: pass `openTelemetry()` from
 * `momotalk-bot-sdk/otel` as their `telemetry` option (one object for all of them), or your own. Every
 * member is optional; a member that returns `undefined` turns tracing off for that delivery or send.
 * Whatever a member throws propagates (an inbox worker alone ignores it, so an entry still runs once): an
 * implementation must not throw.
 *
 * @example
 * ```ts fragment
 * import { openTelemetry } from 'momotalk-bot-sdk/otel';
 *
 * const telemetry = openTelemetry();
 * const handler = createWebhookHandler({ secret, telemetry, client: new BotClient({ telemetry }) });
 * ```
 */
export interface Telemetry {
  /** A delivery arrived at a receiver (`receiver`: its factory's name). */
  delivery?(start: {
    readonly receiver: string;
    readonly method: string;
    readonly url: string;
  }): DeliveryTrace | undefined;
  /** A `sendMessage` call starts (`url` holds no token: the token is a header). */
  send?(start: {
    readonly method: string;
    readonly url: string;
    readonly roomId: string | undefined;
  }): SendTrace | undefined;
  /** A worker took an inbox job. */
  job?(start: {
    readonly queue: string;
    readonly id: string | undefined;
    readonly carrier: Readonly<Record<string, string>> | undefined;
    readonly attempt: number;
  }): JobTrace | undefined;
  /** Registers a queue whose depth and oldest job's age are reported as gauges. */
  observeQueue?(queue: string, sample: () => QueueSample | Promise<QueueSample>): void;
}

import type { Telemetry, TelemetrySpan } from '../telemetry/telemetry.js';
import { type CoalesceOptions, type ResolvedCoalesce, resolveCoalesce } from './coalesce-rule.js';
import type { InboxEventHandler, InboxJob } from './inbox-job.js';
import type { UnknownOutcomeDecision, UnknownSend } from './send-ledger.js';
import { tracedProcess } from './traced-process.js';

/**
 * Where a failure reported to a worker's `onError` happened.
 *
 * - `process`: your handler threw; the entry is retried after a backoff.
 * - `dead-letter`: the entry failed `maxAttempts` times (or its worker stopped during its last run) and
 *   was moved to the dead letters (`momotalk-bot inbox dead-letters`).
 * - `rate-limit`: the Bot API answered 429: every worker of the inbox pauses for its `Retry-After`.
 * - `internal`: the inbox itself failed (Redis unreachable); the lane job is retried by BullMQ.
 *
 * @example
 * ```ts
 * const phase: InboxErrorPhase = 'dead-letter';
 * ```
 */
export type InboxErrorPhase = 'process' | 'dead-letter' | 'rate-limit' | 'internal';

/**
 * What `onError` is told besides the error.
 *
 * @example
 * ```ts
 * const onError = (error: unknown, info: InboxErrorInfo) => console.error(info.phase, info.entryId, info.attempt, error);
 * ```
 */
export interface InboxErrorInfo {
  /** Where it failed; `process` means your handler threw. */
  readonly phase: InboxErrorPhase;
  /** The entry, when the failure concerns one. */
  readonly entryId?: string | undefined;
  /** Its lane. */
  readonly lane?: string | undefined;
  /** The run that failed: 1 for the first. */
  readonly attempt?: number | undefined;
}

/**
 * Options of the inbox workers (`createInboxWorker`, `createMemoryInbox().worker`). Give `handler` or
 * `process`.
 *
 * @example
 * ```ts
 * const options: InboxWorkerOptions = { handler, concurrency: 32, maxAttempts: 5 };
 * ```
 */
export interface InboxWorkerOptions {
  /**
   * Runs each event through this handler's routes (`createWebhookHandler(...)`, or a `Bot`), with the
   * send ledger around `ctx.client`.
   * @default undefined (give `process`)
   */
  readonly handler?: InboxEventHandler | undefined;
  /**
   * Runs each entry yourself (Kakao hooks, or anything enqueued by a receiver); use `job.ledger(client)` for
   * effectively-once sends.
   * @default undefined (give `handler`)
   */
  readonly process?: ((job: InboxJob) => unknown) | undefined;
  /**
   * How many lanes (rooms) this worker runs at once; each lane still runs one entry at a time.
   * @default 16
   */
  readonly concurrency?: number | undefined;
  /**
   * Runs of one entry before it is dead-lettered. A run interrupted by a crash counts, so an event that
   * kills its worker cannot block its room forever.
   * @default 5
   */
  readonly maxAttempts?: number | undefined;
  /**
   * The first retry's delay; each further retry doubles it, up to `maxBackoffMs`. The room waits meanwhile
   * (its later events stay behind the failed one: order is kept).
   * @default 1000
   */
  readonly backoffMs?: number | undefined;
  /**
   * The longest retry delay.
   * @default 60000
   */
  readonly maxBackoffMs?: number | undefined;
  /**
   * What to do with a send of an earlier run whose outcome is unknown (see `UnknownSend`).
   * @default () => 'skip' (never risk a duplicate message)
   */
  readonly onUnknownOutcome?:
    | ((send: UnknownSend) => UnknownOutcomeDecision | Promise<UnknownOutcomeDecision>)
    | undefined;
  /**
   * Coalesces bursts of messages from one sender in one room: the handler runs once, for the latest, with
   * the earlier ones in `ctx.coalesced` (`job.coalesced` for `process`); see {@link CoalesceOptions} for
   * the exact rule. A run of several events is retried, dead-lettered and acknowledged as one.
   * @default undefined (off: every event runs on its own, without waiting)
   */
  readonly coalesce?: CoalesceOptions | undefined;
  /**
   * Traces each run of an entry: `telemetry.job()` (for a coalesced group, its latest entry), linked to
   * the webhook's `momotalk.enqueue` span through the trace context the webhook stored in the payload
   * (`payload.trace`), with the handler's span and its sends under it; the job ends `processed`,
   * `failed` (with the error; it may be retried) or `rate_limited`. Pass the same telemetry as the
   * webhook's (`openTelemetry()`, `emulatorTelemetry(…)`): the handler's own `telemetry` option is not
   * used here. A stored `trace` that is not an object of strings is ignored; a telemetry that throws is
   * ignored (the entry still runs once).
   * @default undefined (not traced)
   *
   * @example
   * ```ts fragment
   * const worker = createInboxWorker({ inbox, handler, telemetry: openTelemetry() });
   * ```
   */
  readonly telemetry?: Telemetry | undefined;
  /**
   * Called for failures: a handler that threw, a dead letter, a 429 pause, an inbox error. Its own
   * errors are swallowed.
   * @default logs with console.error
   */
  readonly onError?: ((error: unknown, info: InboxErrorInfo) => void | Promise<void>) | undefined;
}

/** @internal The options, checked, with their defaults. */
export interface ResolvedWorkerOptions {
  readonly process: (job: InboxJob) => unknown;
  readonly concurrency: number;
  readonly maxAttempts: number;
  readonly backoffMs: number;
  readonly maxBackoffMs: number;
  readonly coalesce: ResolvedCoalesce | undefined;
  readonly decide: (send: UnknownSend) => UnknownOutcomeDecision | Promise<UnknownOutcomeDecision>;
  readonly report: (error: unknown, info: InboxErrorInfo) => Promise<void>;
}

/**
 * @internal Checks the options once.
 * @throws {TypeError} When neither or both of `handler` and `process` are given, or a number or `coalesce`
 * is invalid.
 */
export function resolveWorkerOptions(
  options: InboxWorkerOptions,
  caller: string,
  handlerProcess: (handler: InboxEventHandler) => (job: InboxJob, span?: TelemetrySpan) => unknown,
  queue: string,
): ResolvedWorkerOptions {
  const { handler, process, onError } = options;
  if ((handler === undefined) === (process === undefined)) {
    throw new TypeError(`[momotalk-bot-sdk] ${caller}: give exactly one of handler and process.`);
  }
  if (handler !== undefined && typeof handler.handleEvent !== 'function') {
    throw new TypeError(
      `[momotalk-bot-sdk] ${caller}: handler must have a handleEvent method (createWebhookHandler(...) or a Bot).`,
    );
  }
  if (process !== undefined && typeof process !== 'function') {
    throw new TypeError(`[momotalk-bot-sdk] ${caller}: process must be a function (job) => ….`);
  }
  const decide = options.onUnknownOutcome ?? (() => 'skip' as const);
  return {
    process: tracedProcess(
      handler === undefined ? (process as (job: InboxJob) => unknown) : handlerProcess(handler),
      options.telemetry,
      queue,
    ),
    concurrency: whole(options.concurrency ?? 16, 'concurrency', caller),
    maxAttempts: whole(options.maxAttempts ?? 5, 'maxAttempts', caller),
    backoffMs: whole(options.backoffMs ?? 1000, 'backoffMs', caller),
    maxBackoffMs: whole(options.maxBackoffMs ?? 60_000, 'maxBackoffMs', caller),
    coalesce: resolveCoalesce(options.coalesce, caller),
    decide,
    report: async (error, info) => {
      try {
        if (onError) await onError(error, info);
        else console.error(`[momotalk-bot-sdk] inbox worker (${info.phase}, ${info.entryId ?? '-'}):`, error);
      } catch {
        // A failing logger must not change what happens to the entry.
      }
    },
  };
}

/** @internal The delay before run `attempts + 1`: exponential from `backoffMs`, capped. */
export function backoffDelay(options: ResolvedWorkerOptions, attempts: number): number {
  return Math.min(options.maxBackoffMs, options.backoffMs * 2 ** Math.max(0, attempts - 1));
}

function whole(value: number, name: string, caller: string): number {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new TypeError(
      `[momotalk-bot-sdk] ${caller}: ${name} must be a positive integer (got ${String(value)}).`,
    );
  }
  return value;
}

/**
 * What a retry hook is told. Never holds the token or the request headers.
 *
 * @example
 * ```ts
 * const onRetry = (info: RetryInfo) => console.warn(`retry ${info.retry} in ${info.delay} ms: ${info.error.message}`);
 * ```
 */
export interface RetryInfo {
  /** The retry about to happen: 1 for the first retry. */
  readonly retry: number;
  /** Milliseconds the client waited before it (the backoff, or the server's `Retry-After`). */
  readonly delay: number;
  /** The error of the attempt that failed (a `MoMoTalkApiError`, `MoMoTalkConnectionError`, …). */
  readonly error: Error;
  /** Request method, e.g. `POST`. */
  readonly method: string;
  /** Request path below the base URL, e.g. `/bots/bot_1/messages`. */
  readonly path: string;
}

/**
 * When the client sends a request again. The defaults retry only what cannot have been processed: the
 * Bot API has no idempotency key, so a retried POST that had reached the server would post twice.
 *
 * @example
 * ```ts
 * new BotClient({ retry: { limit: 4, maxRetryAfter: 120 } });
 * new BotClient({ retry: false }); // never retry
 * new BotClient({ retry: { unsafe: true } }); // also timeouts, resets and every 5xx: duplicates possible
 * ```
 */
export interface RetryOptions {
  /**
   * Retries after the first attempt.
   * @default 2
   */
  limit?: number;
  /**
   * Base of the exponential backoff in milliseconds: retry `n` waits a random time in
   * `[0, min(maxDelay, baseDelay * 2 ** (n - 1))]` ("full jitter") unless `Retry-After` says otherwise.
   * @default 500
   */
  baseDelay?: number;
  /**
   * Upper bound of the backoff in milliseconds.
   * @default 8000
   */
  maxDelay?: number;
  /**
   * The longest `Retry-After`, in seconds, the client waits for (ky's `maxRetryAfter`). A longer one is not
   * waited for, and not retried early either: the `MoMoTalkRateLimitError` / `MoMoTalkServerError` is thrown
   * at once, with `retryAfter` set and a message that says why.
   * @default 60
   */
  maxRetryAfter?: number;
  /**
   * Also retry what may already have been processed: timeouts, connections lost after sending, and every
   * 5xx (500, 502, 504, …). Only for bots that accept an occasional duplicate message.
   * @default false
   */
  unsafe?: boolean;
}

/** {@link RetryOptions} with every default filled in. */
export interface RetryPolicy {
  readonly limit: number;
  readonly baseDelay: number;
  readonly maxDelay: number;
  readonly maxRetryAfter: number;
  readonly unsafe: boolean;
}

/** The defaults of {@link RetryOptions}. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({
  limit: 2,
  baseDelay: 500,
  maxDelay: 8000,
  maxRetryAfter: 60,
  unsafe: false,
});

/** Fills in defaults; `false` means no retries, a number is the limit. */
export function resolveRetryPolicy(
  option: RetryOptions | number | false | undefined,
  base: RetryPolicy = DEFAULT_RETRY_POLICY,
): RetryPolicy {
  if (option === undefined) return base;
  if (option === false) return { ...base, limit: 0 };
  if (typeof option === 'number') return { ...base, limit: checkLimit('retry', option) };
  return {
    limit: option.limit === undefined ? base.limit : checkLimit('retry.limit', option.limit),
    baseDelay:
      option.baseDelay === undefined ? base.baseDelay : checkCount('retry.baseDelay', option.baseDelay),
    maxDelay: option.maxDelay === undefined ? base.maxDelay : checkCount('retry.maxDelay', option.maxDelay),
    maxRetryAfter:
      option.maxRetryAfter === undefined
        ? base.maxRetryAfter
        : checkCount('retry.maxRetryAfter', option.maxRetryAfter),
    unsafe: option.unsafe ?? base.unsafe,
  };
}

function checkLimit(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 0) {
    throw new TypeError(`[momotalk-bot-sdk] BotClient: ${name} must be a whole number >= 0, got ${value}.`);
  }
  return value;
}

function checkCount(name: string, value: number): number {
  if (!Number.isFinite(value) || value < 0) {
    throw new TypeError(`[momotalk-bot-sdk] BotClient: ${name} must be a finite number >= 0, got ${value}.`);
  }
  return value;
}

/** Statuses retried by default: the server says it did not process the request. */
export function isSafeRetryStatus(status: number): boolean {
  return status === 429 || status === 503;
}

/** Statuses retried only with `unsafe`: the server may have processed the request. */
export function isUnsafeRetryStatus(status: number): boolean {
  return status >= 500 && status <= 599;
}

/**
 * The ceiling of the backoff before retry number `retry` (1-based), in milliseconds:
 * `min(maxDelay, baseDelay * 2 ** (retry - 1))`. ky waits a random time below it (`jitter: true`, "full
 * jitter").
 */
export function backoffCeiling(policy: RetryPolicy, retry: number): number {
  return Math.min(policy.maxDelay, policy.baseDelay * 2 ** (retry - 1));
}

/** The two possible answers of {@link retryStatuses}, built on first use. */
let safeStatuses: readonly number[] | undefined;
let unsafeStatuses: readonly number[] | undefined;

/**
 * The statuses ky may retry under `policy` (ky's `retry.statusCodes`). They depend on `unsafe` only, so
 * each list is built once and shared by every send (ky copies it per request; never mutate it).
 */
export function retryStatuses(policy: RetryPolicy): readonly number[] {
  if (policy.unsafe) {
    unsafeStatuses ??= buildStatuses(true);
    return unsafeStatuses;
  }
  safeStatuses ??= buildStatuses(false);
  return safeStatuses;
}

function buildStatuses(unsafe: boolean): readonly number[] {
  const statuses = [429];
  for (let status = 500; status <= 599; status++) {
    if (isSafeRetryStatus(status) || (unsafe && isUnsafeRetryStatus(status))) statuses.push(status);
  }
  return Object.freeze(statuses);
}

/**
 * `Retry-After` in seconds: a non-negative delta-seconds, or an HTTP date (relative to `now`, never
 * negative). `undefined` when absent or unparsable.
 */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  if (!/[a-z]/i.test(trimmed)) return undefined;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - now) / 1000));
}

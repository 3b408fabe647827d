import type { Hooks, RetryOptions as KyRetryOptions, Options, ShouldRetryState } from 'ky';
import { createApiError } from '../errors/api-error.js';
import { MoMoTalkConnectionError } from '../errors/connection-error.js';
import { MoMoTalkTimeoutError } from '../errors/timeout-error.js';
import { type Logger, log } from '../telemetry/logger.js';
import type { SendTrace } from '../telemetry/telemetry.js';
import { describeApiFailure, type RetryStop } from './api-failure.js';
import type { ClientConfig } from './client-config.js';
import type { BotClientHooks } from './client-options.js';
import type { KyModule } from './load-ky.js';
import { redactBody, redactHeaders } from './redact-secrets.js';
import { errorBodyFrom, findRequestId } from './response-body.js';
import { backoffCeiling, parseRetryAfter, type RetryPolicy, retryStatuses } from './retry-policy.js';
import { findErrorCode, isBeforeSendCode, sanitizeError } from './transport-failure.js';

const METHOD = 'POST';

/** What one `sendMessage` call is made of. */
export interface SendCallInit {
  readonly ky: KyModule;
  readonly config: ClientConfig;
  readonly policy: RetryPolicy;
  readonly timeout: number;
  readonly totalTimeout: number;
  readonly signal: AbortSignal | undefined;
  readonly hooks: BotClientHooks | undefined;
  readonly logger: Logger | undefined;
  readonly trace: SendTrace | undefined;
}

/**
 * One `sendMessage` call: the policy, written as ky options. ky sends, times out, waits and retries;
 * this decides what may be retried without an idempotency key (`shouldRetry`), reports attempts to the
 * user's hooks, and turns ky's errors into the SDK's (`beforeError`), so no error the caller sees holds
 * ky's `Request` and its `Authorization` header.
 */
export class SendCall {
  readonly #init: SendCallInit;
  readonly #started = performance.now();
  /** Errors thrown by the user's hooks: passed through unchanged. */
  readonly #hookErrors = new WeakSet<object>();
  #attemptStarted = this.#started;
  /** Whether the running attempt's timeout was cut short by what was left of `totalTimeout`. */
  #boundedByTotal = false;
  /** The wait before the next retry, as decided (`Retry-After`, or the jittered backoff). */
  #delay = 0;
  #stop: RetryStop | undefined;
  readonly #statuses: readonly number[];

  constructor(init: SendCallInit) {
    this.#init = init;
    this.#boundedByTotal = init.totalTimeout < init.timeout;
    this.#statuses = retryStatuses(init.policy);
  }

  /** ky's options for this call, apart from the request itself. */
  options(): Options {
    const { policy, timeout, totalTimeout, hooks, logger, trace } = this.#init;
    const retry: KyRetryOptions = {
      limit: policy.limit,
      methods: ['post'],
      // Shared and frozen (computed once per policy): ky copies it before use.
      statusCodes: this.#statuses as number[],
      afterStatusCodes: [429, 503],
      maxRetryAfter: policy.maxRetryAfter * 1000,
      delay: (retryCount) => backoffCeiling(policy, retryCount),
      // Full jitter, as ky's `jitter: true`, remembering the wait for `onRetry`.
      jitter: (ceiling) => {
        this.#delay = Math.random() * ceiling;
        return this.#delay;
      },
      backoffLimit: policy.maxDelay,
      retryOnTimeout: policy.unsafe,
      shouldRetry: (state) => this.#shouldRetry(state),
    };
    const kyHooks: Hooks = {
      beforeRetry: [({ error, retryCount }) => this.#beforeRetry(error, retryCount)],
      beforeError: [({ error, retryCount }) => this.toError(error, retryCount)],
    };
    // ky races every hook against totalTimeout (a timer each): register only what is needed.
    if (hooks?.onRequest !== undefined) kyHooks.beforeRequest = [() => this.#beforeAttempt(1)];
    // ky clones the response for each afterResponse hook: only when someone listens.
    if (hooks?.onResponse !== undefined || logger?.debug !== undefined || trace !== undefined) {
      kyHooks.afterResponse = [({ response, retryCount }) => this.#afterResponse(response, retryCount)];
    }
    return {
      timeout,
      totalTimeout,
      retry,
      hooks: kyHooks,
      redirect: 'manual',
      // ky parses JSON error bodies with this: an unparsable one is kept as text, not dropped.
      parseJson: errorBodyFrom,
    };
  }

  /** Milliseconds left of `totalTimeout`. */
  remaining(): number {
    return this.#init.totalTimeout - (performance.now() - this.#started);
  }

  /** The SDK error for what ky threw; the user's hook errors and abort reasons unchanged. */
  toError(error: Error, retries: number): Error {
    const { ky, config, signal } = this.#init;
    if (this.#hookErrors.has(error) || signal?.aborted === true) return error;
    if (ky.isHTTPError(error)) {
      const { status } = error.response;
      const data: unknown = error.data;
      // A server may echo the request (its Authorization header) back: the error keeps no token.
      const body = redactBody(typeof data === 'string' ? errorBodyFrom(data) : data, config.token);
      const headers = redactHeaders(error.response.headers, config.token);
      const stop = this.#stop;
      return createApiError({
        status,
        method: METHOD,
        path: config.messagesPath,
        body,
        headers,
        requestId: findRequestId(headers),
        retryAfter: retryAfterOf(status, headers),
        detail: describeApiFailure({ status, body, retries, stop, token: config.token }),
      });
    }
    if (ky.isTimeoutError(error)) {
      const total = this.#boundedByTotal || this.remaining() <= 0;
      return new MoMoTalkTimeoutError({
        method: METHOD,
        path: config.messagesPath,
        timeout: total ? this.#init.totalTimeout : this.#init.timeout,
        kind: total ? 'total' : 'attempt',
      });
    }
    // ky's NetworkError holds the Request (and so the Authorization header): keep only what it wraps.
    const raw = ky.isNetworkError(error) ? (error.cause ?? error) : error;
    const code = findErrorCode(raw);
    return new MoMoTalkConnectionError({
      method: METHOD,
      path: config.messagesPath,
      code,
      beforeSend: isBeforeSendCode(code),
      cause: sanitizeError(raw, [config.token]),
      retries,
    });
  }

  /**
   * The policy. `false`: not retried. `true`: retried after the backoff (ky then reads no header).
   * `undefined`: ky waits for `Retry-After` (429, 503). Only `Retry-After` is read: the platform documents
   * no other rate-limit header, so a 429 or 503 without a readable one backs off instead. A wait beyond
   * `maxRetryAfter`, or one that would outlast `totalTimeout`, is not started: the error is thrown at once
   * rather than retried early or turned into a timeout after waiting.
   */
  #shouldRetry({ error, retryCount }: ShouldRetryState): boolean | undefined {
    const { ky, policy, signal } = this.#init;
    if (signal?.aborted === true) return false;
    const wait = backoffCeiling(policy, retryCount);
    if (ky.isHTTPError(error)) {
      const { status, headers } = error.response;
      if (!this.#statuses.includes(status)) return false;
      const asked = retryAfterOf(status, headers);
      if (asked === undefined) {
        if (wait >= this.remaining()) return this.#stopFor({ kind: 'total-timeout', waitMs: wait });
        return true;
      }
      if (asked > policy.maxRetryAfter) {
        // ky would wait `maxRetryAfter` and retry early; the server asked for longer, so do not retry.
        return this.#stopFor({
          kind: 'retry-after-cap',
          header: 'Retry-After',
          retryAfter: asked,
          maxRetryAfter: policy.maxRetryAfter,
        });
      }
      this.#delay = asked * 1000;
      if (this.#delay >= this.remaining())
        return this.#stopFor({ kind: 'total-timeout', waitMs: this.#delay });
      return undefined;
    }
    if (wait >= this.remaining()) return false;
    if (ky.isTimeoutError(error)) return policy.unsafe;
    // Anything else is a failure without an answer: safe to retry only when provably never sent.
    return policy.unsafe || isBeforeSendCode(findErrorCode(error));
  }

  /** Remembers why a retry was not made (for the error's message); never retried. */
  #stopFor(stop: RetryStop): false {
    this.#stop = stop;
    return false;
  }

  async #beforeAttempt(attempt: number): Promise<void> {
    const { hooks, timeout } = this.#init;
    if (hooks?.onRequest !== undefined) {
      const { onRequest } = hooks;
      await this.#user(() => onRequest({ method: METHOD, path: this.#init.config.messagesPath, attempt }));
    }
    // ky starts the attempt's timer right after the hooks, at min(timeout, what is left of totalTimeout).
    this.#attemptStarted = performance.now();
    this.#boundedByTotal = this.remaining() < timeout;
  }

  async #beforeRetry(error: Error, retry: number): Promise<void> {
    const { hooks, logger, config, trace } = this.#init;
    const failure = this.toError(error, retry - 1);
    const delay = Math.round(this.#delay);
    await hooks?.onRetry?.({ retry, delay, error: failure, method: METHOD, path: config.messagesPath });
    trace?.retry(retry, delay, failureReason(failure));
    log(
      logger,
      'warn',
      { method: METHOD, path: config.messagesPath, retry, delayMs: delay, err: failure },
      `momotalk-bot-sdk: retry ${retry} after ${delay} ms, because: ${failure.message}`,
      [config.token],
    );
    await this.#beforeAttempt(retry + 1);
  }

  async #afterResponse(response: Response, retryCount: number): Promise<void> {
    const { hooks, logger, config, trace } = this.#init;
    const { status } = response;
    const requestId = findRequestId(response.headers);
    const path = config.messagesPath;
    trace?.response(status, retryAfterOf(status, response.headers));
    if (hooks?.onResponse !== undefined) {
      const durationMs = performance.now() - this.#attemptStarted;
      const { onResponse } = hooks;
      await this.#user(() =>
        onResponse({ method: METHOD, path, attempt: retryCount + 1, status, requestId, durationMs }),
      );
    }
    log(
      logger,
      'debug',
      { method: METHOD, path, status, requestId, attempt: retryCount + 1 },
      `momotalk-bot-sdk: ${METHOD} ${path} -> ${status}${requestId ? ` (${requestId})` : ''}`,
      [config.token],
    );
  }

  /** Awaits a user hook, marking what it throws so `beforeError` passes it through. */
  async #user(hook: () => void | Promise<void>): Promise<void> {
    try {
      await hook();
    } catch (error) {
      if (typeof error === 'object' && error !== null) this.#hookErrors.add(error);
      throw error;
    }
  }
}

/** What a retry is recorded as: the status of an HTTP answer, else the error's code or name. */
function failureReason(failure: Error): string {
  const { status, code } = failure as { status?: unknown; code?: unknown };
  if (typeof status === 'number') return String(status);
  return typeof code === 'string' ? code : failure.name;
}

/** `Retry-After` in seconds for a 429 or 503; other statuses are not waited for (ky's `afterStatusCodes`). */
function retryAfterOf(status: number, headers: Headers): number | undefined {
  return status === 429 || status === 503 ? parseRetryAfter(headers.get('retry-after')) : undefined;
}

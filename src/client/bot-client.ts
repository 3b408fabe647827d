import type { KyInstance, Options } from 'ky';
import { createApiError, type MoMoTalkApiError } from '../errors/api-error.js';
import { MoMoTalkConnectionError } from '../errors/connection-error.js';
import { MoMoTalkTimeoutError } from '../errors/timeout-error.js';
import { abortableSleep } from './abortable-sleep.js';
import { type ClientConfig, checkMs, resolveClientConfig } from './client-config.js';
import type { BotClientHooks, BotClientLogger, BotClientOptions, RequestOptions } from './client-options.js';
import { selectDefaultFetch } from './default-fetch.js';
import { loadKy } from './load-ky.js';
import { isLeanFetch, LEAN_REQUEST, type LeanRequest } from './node-fetch.js';
import type { ReplyTarget } from './reply-target.js';
import { errorBodyFrom, findRequestId, parseJsonLeniently, readBodyText } from './response-body.js';
import {
  backoffDelay,
  isSafeRetryStatus,
  isUnsafeRetryStatus,
  parseRetryAfter,
  type RetryPolicy,
  resolveRetryPolicy,
} from './retry-policy.js';
import { RoomQueue } from './room-queue.js';
import { type SendMessageParams, validateSendMessageParams } from './send-message-params.js';
import { type SendMessageResult, toSendMessageResult } from './send-message-result.js';
import { findErrorCode, isBeforeSendCode, sanitizeError } from './transport-failure.js';

const METHOD = 'POST';

/** How one attempt ended. `retry`: whether it may be retried by default (`safe`) or only with `unsafe`. */
type AttemptOutcome =
  | { readonly ok: true; readonly result: SendMessageResult }
  | {
      readonly ok: false;
      readonly error: Error;
      readonly retry: 'safe' | 'unsafe' | 'never';
      /** Seconds from `Retry-After`, for 429/503. */
      readonly retryAfter?: number | undefined;
    };

/**
 * The Bot API client: sends messages as the bot, `POST {baseUrl}/bots/{bot_id}/messages` with
 * `Authorization: Bearer <token>`.
 *
 * - Input is validated before anything is sent (a `TypeError` naming each problem, no request).
 * - Errors are `MoMoTalkApiError` (and a subclass per status), `MoMoTalkConnectionError` and
 *   `MoMoTalkTimeoutError`; none of them, nor any log line or hook, holds the token.
 * - Only what cannot have been processed is retried by default: 429 and 503 (honouring `Retry-After`)
 *   and connections that failed before sending. The API has no idempotency key, so a timeout, a
 *   connection lost after sending, or another 5xx is not retried unless `retry.unsafe` is set.
 * - ky is imported on the first request, so importing the SDK for webhooks never loads it.
 * - Redirects are not followed: a 3xx rejects with a `MoMoTalkApiError`, so the token never travels on.
 *
 * @example
 * ```ts
 * import { BotClient } from 'momotalk-bot-sdk';
 *
 * // botId, token and baseUrl default to MOMOTALK_BOT_ID, MOMOTALK_BOT_TOKEN, MOMOTALK_API_BASE_URL.
 * const client = new BotClient();
 * await client.sendMessage({ room_id: 123, body: 'Hello!' });
 * ```
 */
export class BotClient {
  /** The bot id requests are sent for. */
  readonly botId: string;
  /** The Bot API base URL, without a trailing `/`. */
  readonly baseUrl: string;
  readonly #config: ClientConfig;
  readonly #retry: RetryPolicy;
  readonly #fetch: typeof globalThis.fetch | undefined;
  readonly #hooks: BotClientHooks | undefined;
  readonly #logger: BotClientLogger | undefined;
  readonly #queue: RoomQueue | undefined;
  readonly #headers: Record<string, string>;
  #ky: KyInstance | undefined;
  /** ky itself, for calls that pass every option (cheaper than merging an instance's defaults). */
  #kyBase!: KyInstance;

  /**
   * @throws {TypeError} When no bot id or token is given (the message names the option and the
   * environment variable), when `baseUrl` is not an http(s) URL, or an option is out of range.
   */
  constructor(options: BotClientOptions = {}) {
    this.#config = resolveClientConfig(options);
    this.#retry = resolveRetryPolicy(options.retry);
    this.#fetch = options.fetch;
    this.#hooks = options.hooks;
    this.#logger = options.logger;
    this.#queue = options.orderedRooms === true ? new RoomQueue() : undefined;
    this.#headers = {
      authorization: `Bearer ${this.#config.token}`,
      'content-type': 'application/json',
      accept: 'application/json',
      'user-agent': this.#config.userAgent,
    };
    this.botId = this.#config.botId;
    this.baseUrl = this.#config.baseUrl;
  }

  /**
   * Sends a message to a room: `POST /bots/{bot_id}/messages` with the platform's wire names.
   *
   * Resolves with the parsed answer and the raw response. The answer's shape is undocumented, so any
   * 2xx is a success (see {@link SendMessageResult}).
   *
   * @throws {TypeError} (as a rejection, before any request) when `room_id` is missing, `body` is empty,
   * or `metadata` is not JSON-serialisable.
   * @throws {MoMoTalkApiError} A non-2xx answer (a subclass per status family).
   * @throws {MoMoTalkConnectionError} No answer: refused, DNS failure, connection lost.
   * @throws {MoMoTalkTimeoutError} An attempt ran over `timeout`, or the call over `totalTimeout`.
   * @throws `signal.reason` when `options.signal` aborts.
   *
   * @example
   * ```ts
   * const result = await client.sendMessage(
   *   { room_id: 123, reply_to_message_id: 456, body: 'Thanks!', metadata: { intent: 'ack' } },
   *   { signal: AbortSignal.timeout(15_000) },
   * );
   * console.log(result.status, result.requestId);
   * ```
   */
  async sendMessage(params: SendMessageParams, options: RequestOptions = {}): Promise<SendMessageResult> {
    const wire = validateSendMessageParams(params);
    const body = JSON.stringify(wire);
    const policy = options.retry === undefined ? this.#retry : resolveRetryPolicy(options.retry, this.#retry);
    const timeout =
      options.timeout === undefined ? this.#config.timeout : checkMs('timeout', options.timeout, 0);
    const run = (): Promise<SendMessageResult> => this.#send(body, policy, timeout, options.signal);
    return this.#queue === undefined ? run() : this.#queue.run(String(wire.room_id), run);
  }

  /**
   * Answers a received message: sends `body` to `event.message.room_id` with `reply_to_message_id` set
   * to `event.message.message_id`.
   *
   * @throws The same as {@link BotClient.sendMessage}.
   *
   * @example
   * ```ts
   * handler.on('talk.message_created', async (event) => {
   *   await client.reply(event, `Echo: ${event.message.body}`, { metadata: { source: 'echo' } });
   * });
   * ```
   */
  async reply(
    event: ReplyTarget,
    body: string,
    extra: Pick<SendMessageParams, 'metadata'> = {},
    options: RequestOptions = {},
  ): Promise<SendMessageResult> {
    const message = (event as Partial<ReplyTarget> | null | undefined)?.message;
    if (typeof message !== 'object' || message === null) {
      throw new TypeError(
        '[momotalk-bot-sdk] reply: event.message is missing; pass a talk.message_created event.',
      );
    }
    return this.sendMessage(
      { ...extra, room_id: message.room_id, reply_to_message_id: message.message_id, body },
      options,
    );
  }

  async #send(
    body: string,
    policy: RetryPolicy,
    timeout: number,
    signal: AbortSignal | undefined,
  ): Promise<SendMessageResult> {
    const { totalTimeout, messagesPath: path } = this.#config;
    const deadline = performance.now() + totalTimeout;
    for (let attempt = 1; ; attempt++) {
      signal?.throwIfAborted();
      const remaining = deadline - performance.now();
      if (remaining <= 0)
        throw new MoMoTalkTimeoutError({ method: METHOD, path, timeout: totalTimeout, kind: 'total' });
      const bounded = remaining < timeout;
      const outcome = await this.#attempt(
        body,
        attempt,
        bounded ? remaining : timeout,
        bounded ? totalTimeout : timeout,
        bounded ? 'total' : 'attempt',
        signal,
      );
      if (outcome.ok) return outcome.result;
      const delay = this.#retryDelay(outcome, policy, attempt);
      if (delay === undefined || delay >= deadline - performance.now()) throw outcome.error;
      await this.#hooks?.onRetry?.({ retry: attempt, delay, error: outcome.error, method: METHOD, path });
      this.#logger?.warn?.(
        `momotalk-bot-sdk: retry ${attempt} in ${delay} ms after: ${outcome.error.message}`,
      );
      await abortableSleep(delay, signal);
    }
  }

  /** Milliseconds to wait before retrying, or `undefined` when the failure must not be retried. */
  #retryDelay(
    outcome: AttemptOutcome & { ok: false },
    policy: RetryPolicy,
    attempt: number,
  ): number | undefined {
    if (attempt > policy.limit) return undefined;
    if (outcome.retry === 'never' || (outcome.retry === 'unsafe' && !policy.unsafe)) return undefined;
    if (outcome.retryAfter !== undefined) {
      return outcome.retryAfter > policy.maxRetryAfter ? undefined : outcome.retryAfter * 1000;
    }
    return backoffDelay(policy, attempt);
  }

  async #attempt(
    body: string,
    attempt: number,
    limit: number,
    reportedLimit: number,
    kind: 'attempt' | 'total',
    signal: AbortSignal | undefined,
  ): Promise<AttemptOutcome> {
    const path = this.#config.messagesPath;
    // Loading ky (first request only) and the hook run before the clock starts: neither is the API's time.
    const ky = this.#ky ?? (await this.#loadKy());
    if (this.#hooks?.onRequest !== undefined) await this.#hooks.onRequest({ method: METHOD, path, attempt });
    signal?.throwIfAborted();
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new DOMException('The Bot API did not answer in time.', 'TimeoutError'));
    }, limit);
    const onAbort = (): void => controller.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const started = performance.now();
      let response: Response;
      try {
        const fetch = this.#fetch ?? selectDefaultFetch();
        const { messagesUrl } = this.#config;
        if (isLeanFetch(fetch)) {
          // Our own Node transport takes the request as is (ky passes unknown init keys through to fetch);
          // ky's Request then carries no body, headers or signal that would only be copied and re-read.
          const lean: LeanRequest = {
            url: messagesUrl,
            method: METHOD,
            headers: this.#headers,
            body,
            signal: controller.signal,
          };
          response = await this.#kyBase.post(messagesUrl, {
            fetch,
            retry: 0,
            timeout: false,
            throwHttpErrors: false,
            [LEAN_REQUEST]: lean,
          } as Options);
        } else {
          response = await ky.post(messagesUrl, {
            body,
            headers: this.#headers,
            signal: controller.signal,
            // A plain call: workerd's fetch throws "Illegal invocation" when ky calls it as a method.
            fetch: (input, init) => fetch(input, init),
          });
        }
      } catch (error) {
        if (signal?.aborted) throw signal.reason;
        if (timedOut) {
          const timeoutError = new MoMoTalkTimeoutError({
            method: METHOD,
            path,
            timeout: reportedLimit,
            kind,
          });
          return { ok: false, error: timeoutError, retry: kind === 'total' ? 'never' : 'unsafe' };
        }
        return { ok: false, ...this.#connectionFailure(error) };
      }
      const text = await readBodyText(response);
      const requestId = findRequestId(response.headers);
      const { status } = response;
      if (this.#hooks?.onResponse !== undefined) {
        const durationMs = performance.now() - started;
        await this.#hooks.onResponse({ method: METHOD, path, attempt, status, requestId, durationMs });
      }
      this.#logger?.debug?.(
        `momotalk-bot-sdk: ${METHOD} ${path} -> ${status}${requestId ? ` (${requestId})` : ''}`,
      );
      if (status >= 200 && status <= 299) {
        return { ok: true, result: toSendMessageResult(response, text, requestId, parseJsonLeniently(text)) };
      }
      return this.#apiFailure(response, text, requestId);
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  #apiFailure(response: Response, text: string | undefined, requestId: string | undefined): AttemptOutcome {
    const { status, headers } = response;
    const retryAfter =
      status === 429 || status === 503 ? parseRetryAfter(headers.get('retry-after')) : undefined;
    const error: MoMoTalkApiError = createApiError({
      status,
      method: METHOD,
      path: this.#config.messagesPath,
      body: errorBodyFrom(text),
      headers,
      requestId,
      retryAfter,
    });
    const retry = isSafeRetryStatus(status) ? 'safe' : isUnsafeRetryStatus(status) ? 'unsafe' : 'never';
    return { ok: false, error, retry, retryAfter };
  }

  #connectionFailure(error: unknown): { error: Error; retry: 'safe' | 'unsafe' } {
    // ky wraps fetch's network TypeError in its NetworkError, which also holds the Request (and so the
    // Authorization header): keep only the underlying error, sanitized.
    const raw =
      typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'NetworkError'
        ? ((error as { cause?: unknown }).cause ?? error)
        : error;
    const code = findErrorCode(raw);
    const beforeSend = isBeforeSendCode(code);
    const cause = sanitizeError(raw, [this.#config.token]);
    const connectionError = new MoMoTalkConnectionError({
      method: METHOD,
      path: this.#config.messagesPath,
      code,
      beforeSend,
      cause,
    });
    return { error: connectionError, retry: beforeSend ? 'safe' : 'unsafe' };
  }

  async #loadKy(): Promise<KyInstance> {
    const ky = await loadKy();
    this.#kyBase = ky;
    this.#ky = ky.create({ retry: 0, timeout: false, throwHttpErrors: false, redirect: 'manual' });
    return this.#ky;
  }
}

import type { Logger } from '../telemetry/logger.js';
import type { Telemetry } from '../telemetry/telemetry.js';
import type { RetryInfo, RetryOptions } from './retry-policy.js';

/** The Bot API base URL used when neither `baseUrl` nor `MOMOTALK_API_BASE_URL` is set. */
export const DEFAULT_BASE_URL = 'https://bot.mmrnd.net/api';

/**
 * What `onRequest` is told before each attempt. Never holds the token or the request headers.
 *
 * @example
 * ```ts
 * const onRequest = (info: RequestHookInfo) => console.debug(`${info.method} ${info.path} #${info.attempt}`);
 * ```
 */
export interface RequestHookInfo {
  /** Request method, e.g. `POST`. */
  readonly method: string;
  /** Request path below the base URL, e.g. `/bots/bot_1/messages`. */
  readonly path: string;
  /** 1 for the first attempt. */
  readonly attempt: number;
}

/**
 * What `onResponse` is told when an attempt got an HTTP response (any status), once its headers arrived.
 *
 * @example
 * ```ts
 * const onResponse = (info: ResponseHookInfo) =>
 *   console.debug(`${info.status} in ${Math.round(info.durationMs)} ms`, info.requestId);
 * ```
 */
export interface ResponseHookInfo extends RequestHookInfo {
  /** The HTTP status of the answer. */
  readonly status: number;
  /** The request id header (`x-request-id` and similar names), when the answer has one. */
  readonly requestId: string | undefined;
  /** Milliseconds from sending the attempt to its response headers. */
  readonly durationMs: number;
}

/**
 * Observability hooks. They receive method, path, status, attempt and request id, never the token or
 * headers. A hook that throws makes the call reject with that error.
 *
 * @example
 * ```ts
 * new BotClient({
 *   hooks: {
 *     onResponse: ({ status, durationMs }) => metrics.timing('momotalk.send', durationMs, { status }),
 *     onRetry: ({ retry, delay, error }) => console.warn(`retry ${retry} in ${delay} ms: ${error.message}`),
 *   },
 * });
 * ```
 */
export interface BotClientHooks {
  /**
   * Before each attempt is sent.
   * @default undefined
   */
  onRequest?: ((info: RequestHookInfo) => void | Promise<void>) | undefined;
  /**
   * After each attempt that got an HTTP response.
   * @default undefined
   */
  onResponse?: ((info: ResponseHookInfo) => void | Promise<void>) | undefined;
  /**
   * Before each retry, after the wait (ky's `beforeRetry`): `delay` is the time waited.
   * @default undefined
   */
  onRetry?: ((info: RetryInfo) => void | Promise<void>) | undefined;
}

/**
 * The client's logger: the SDK's one {@link Logger} shape, `(fields, message)` (pino and `console` fit).
 * `debug`: one line per response (fields `method`, `path`, `status`, `requestId`, `attempt`); `warn`: one
 * line per retry (`retry`, `delayMs`, `err`). Never the token: it is redacted from every field and line.
 *
 * @deprecated Use {@link Logger}; the same type.
 *
 * @example
 * ```ts
 * new BotClient({ logger: console });
 * ```
 */
export type BotClientLogger = Logger;

/**
 * Options of {@link BotClient}. `botId`, `token` and `baseUrl` fall back to the environment
 * (`MOMOTALK_BOT_ID`, `MOMOTALK_BOT_TOKEN`, `MOMOTALK_API_BASE_URL`, read from `process.env` when the
 * runtime has one).
 *
 * @example
 * ```ts
 * const client = new BotClient({
 *   botId: 'bot_123',
 *   token: process.env.MOMOTALK_BOT_TOKEN,
 *   timeout: 5_000,
 *   retry: { limit: 3 },
 * });
 * ```
 */
export interface BotClientOptions {
  /**
   * The bot id from the console (`bot_…`).
   * @default process.env.MOMOTALK_BOT_ID
   */
  botId?: string | undefined;
  /**
   * The bot token from the console, sent as `Authorization: Bearer <token>`. Surrounding whitespace is
   * trimmed. Never appears in an error, a log line or a hook.
   * @default process.env.MOMOTALK_BOT_TOKEN
   */
  token?: string | undefined;
  /**
   * The Bot API base URL (`http:` or `https:`); a trailing `/` is ignored.
   * @default process.env.MOMOTALK_API_BASE_URL ?? 'https://bot.mmrnd.net/api'
   */
  baseUrl?: string | URL | undefined;
  /**
   * The fetch implementation under ky (ky's `fetch` option), called with the `Request` ky built: a mock, a
   * proxy-aware fetch, an instrumented one. Redirects are never followed.
   * @default the global `fetch`, looked up on every call (so msw or a stub installed after the client was
   * created is used)
   */
  fetch?: typeof globalThis.fetch | undefined;
  /**
   * Allow an `http:` base URL for a host other than loopback. The bearer token then travels in
   * cleartext, readable by anyone on the path: only for a trusted network (a sidecar, a test rig).
   * `http://localhost`, `127.0.0.0/8` and `[::1]` are always allowed (the emulator, tests).
   * @default false
   */
  allowInsecureHttp?: boolean | undefined;
  /**
   * Milliseconds one attempt may take until the answer's headers arrive (ky's `timeout`); reading the
   * answer's body gets what is left of it.
   * @default 10000
   */
  timeout?: number | undefined;
  /**
   * Milliseconds a whole call may take, retries and their waits included (ky's `totalTimeout`). A retry
   * whose wait would outlast it is not started: the error is thrown at once.
   * @default 60000
   */
  totalTimeout?: number | undefined;
  /**
   * Retry policy; `false` disables retries, a number sets `limit`. See {@link RetryOptions}.
   * @default { limit: 2, baseDelay: 500, maxDelay: 8000, maxRetryAfter: 60, unsafe: false }
   */
  retry?: RetryOptions | number | false | undefined;
  /**
   * A product token put before the SDK's in `User-Agent`, e.g. `my-bot/1.2.0`.
   * @default undefined (User-Agent is `momotalk-bot-sdk/<version>`)
   */
  userAgent?: string | undefined;
  /**
   * Send messages to the same room one after another, in call order, even when `sendMessage` is called
   * concurrently (a failed send does not block the next one). Rooms still run in parallel. A queued send
   * starts when the one before it settles; its `timeout`/`totalTimeout` count from then, and one whose
   * `signal` aborted while it waited rejects without sending.
   * @default false
   */
  orderedRooms?: boolean | undefined;
  /**
   * Observability hooks.
   * @default undefined
   */
  hooks?: BotClientHooks | undefined;
  /**
   * Debug lines (each response) and warnings (each retry), as `(fields, message)`; see {@link Logger}.
   * The token is redacted from every field and line.
   * @default undefined
   */
  logger?: Logger | undefined;
  /**
   * Traces and metrics of every send (a client span per call, its retries as events; sends by outcome
   * and status, retries, 429s, ambiguous sends): `openTelemetry()` from `momotalk-bot-sdk/otel`, or your
   * own {@link Telemetry}.
   * @default undefined (nothing recorded)
   */
  telemetry?: Telemetry | undefined;
}

/**
 * Per-call options of `sendMessage` and `reply`.
 *
 * @example
 * ```ts
 * const options: RequestOptions = { signal: AbortSignal.timeout(15_000), timeout: 5_000, retry: false };
 * await client.sendMessage({ room_id: 123, body: 'hi' }, options);
 * ```
 */
export interface RequestOptions {
  /**
   * Aborts the call, including a wait between retries; the call rejects with `signal.reason`.
   * @default undefined
   */
  signal?: AbortSignal | undefined;
  /**
   * Overrides the client's per-attempt `timeout` (milliseconds).
   * @default the client's `timeout`
   */
  timeout?: number | undefined;
  /**
   * Milliseconds this call may take at most, retries included: the call ends at the earlier of this and
   * the client's `totalTimeout` (`ctx.reply` passes what is left of the handler's `replyTimeout` here).
   * @default the client's `totalTimeout`
   */
  totalTimeout?: number | undefined;
  /**
   * Overrides the client's retry policy for this call.
   * @default the client's `retry`
   */
  retry?: RetryOptions | number | false | undefined;
}

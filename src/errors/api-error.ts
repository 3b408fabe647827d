import { isMoMoTalkError, MoMoTalkError } from './momotalk-error.js';

/**
 * What every {@link MoMoTalkApiError} is built from: for test doubles of the client.
 *
 * @example
 * ```ts
 * import { MoMoTalkNotFoundError, type MoMoTalkApiErrorInit } from 'momotalk-bot-sdk';
 *
 * const init: MoMoTalkApiErrorInit = {
 *   status: 404, method: 'POST', path: '/bots/bot_1/messages', body: undefined, headers: new Headers(), requestId: undefined,
 * };
 * const error = new MoMoTalkNotFoundError(init);
 * ```
 */
export interface MoMoTalkApiErrorInit {
  /** HTTP status of the response. */
  readonly status: number;
  /** Request method, e.g. `POST`. */
  readonly method: string;
  /** Request path below the base URL, e.g. `/bots/bot_1/messages` (never the query or the token). */
  readonly path: string;
  /**
   * Response body: parsed JSON when it parses, else the text (`undefined` when empty, unreadable, or larger
   * than 1 MiB once decoded).
   */
  readonly body: unknown;
  /** Response headers. */
  readonly headers: Headers;
  /** The request id header, when the response carries one. */
  readonly requestId: string | undefined;
  /**
   * Seconds to wait before retrying, from `Retry-After` (kept on 429 and 503 errors).
   */
  readonly retryAfter?: number | undefined;
  /**
   * Sentences appended to the message: the client puts a short, sanitised excerpt of the error body's
   * message and what to do here (never the token).
   */
  readonly detail?: string | undefined;
}

/**
 * The Bot API answered with a status other than 2xx. `status`, `body`, `headers` and `requestId` say what
 * the server returned; the message reads `Request failed with 404: POST /bots/bot_1/messages`, followed by
 * a short excerpt of the server's reason when the body has one (`Server said: "unknown room"`) and a hint
 * (for 404, that the base URL ends in `/api`; for 429 and 503, how often it was retried and why not more).
 *
 * A subclass exists per status family: {@link MoMoTalkBadRequestError} (400),
 * {@link MoMoTalkAuthenticationError} (401), {@link MoMoTalkPermissionDeniedError} (403),
 * {@link MoMoTalkNotFoundError} (404), {@link MoMoTalkConflictError} (409),
 * {@link MoMoTalkUnprocessableEntityError} (422), {@link MoMoTalkRateLimitError} (429) and
 * {@link MoMoTalkServerError} (5xx); any other status (e.g. an unfollowed 3xx) is a plain `MoMoTalkApiError`.
 *
 * The error body format is undocumented, so `body` is what the server sent: parsed JSON when it parses,
 * the text otherwise. A server may echo the request back, so the client replaces the bot token and any
 * `Bearer …` value in the body's strings (and in `headers`) by `[redacted]`; everything else is kept.
 *
 * To branch on a status, use the guard and the status: `isMoMoTalkApiError(error) && error.status === 404`
 * (or `error.status >= 500`). Unlike `instanceof`, this also holds when the error comes from another copy
 * of the package (the ESM and the CommonJS build, or two versions side by side); the subclasses are there
 * for their `name` in logs and for `retryAfter`. Only 429 has its own guard,
 * {@link isMoMoTalkRateLimitError}, because it narrows to the type with `retryAfter`.
 *
 * @example
 * ```ts
 * import { isMoMoTalkApiError } from 'momotalk-bot-sdk';
 *
 * try {
 *   await client.sendMessage({ room_id: 123, body: 'hi' });
 * } catch (error) {
 *   if (isMoMoTalkApiError(error) && error.status === 404) console.error('unknown bot or room');
 *   else if (isMoMoTalkApiError(error)) console.error(error.status, error.requestId, error.body);
 *   else throw error;
 * }
 * ```
 */
export class MoMoTalkApiError extends MoMoTalkError {
  /** Always `'MoMoTalkApiError'`, in every copy of the package (what the `is…Error` guards check). */
  override name = 'MoMoTalkApiError';
  /** HTTP status of the response. */
  readonly status: number;
  /** Request method, e.g. `POST`. */
  readonly method: string;
  /** Request path below the base URL, e.g. `/bots/bot_1/messages`. */
  readonly path: string;
  /**
   * Parsed JSON body when it parses, else the text; `undefined` when empty, unreadable, or larger than
   * 1 MiB once decoded (the client stops reading there; the status and headers still tell what happened).
   * The bot token and `Bearer …` values in its strings are `[redacted]`.
   */
  readonly body: unknown;
  /** Response headers (the bot token and `Bearer …` values in them `[redacted]`). */
  readonly headers: Headers;
  /** The request id header (`x-request-id` and similar), when present. Quote it to support. */
  readonly requestId: string | undefined;

  constructor(init: MoMoTalkApiErrorInit) {
    const detail = init.detail === undefined || init.detail === '' ? '' : `. ${init.detail}`;
    super(`Request failed with ${init.status}: ${init.method} ${init.path}${detail}`);
    this.status = init.status;
    this.method = init.method;
    this.path = init.path;
    this.body = init.body;
    this.headers = init.headers;
    this.requestId = init.requestId;
  }

  /** A plain summary for structured logs (headers are left out; the token is never part of an error). */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      message: this.message,
      status: this.status,
      method: this.method,
      path: this.path,
      requestId: this.requestId,
      body: this.body,
    };
  }
}

/**
 * 400: the API rejected the request as malformed.
 *
 * @example
 * ```ts
 * if (isMoMoTalkApiError(error) && error.status === 400) console.error(error.body);
 * ```
 */
export class MoMoTalkBadRequestError extends MoMoTalkApiError {
  /** Always `'MoMoTalkBadRequestError'`, in every copy of the package (what the `is…Error` guards check). */
  override name = 'MoMoTalkBadRequestError';
}

/**
 * 401: the bot token is missing, wrong or revoked. Check `MOMOTALK_BOT_TOKEN` (the console shows a token
 * only once; issue a new one if it is lost).
 *
 * @example
 * ```ts
 * if (isMoMoTalkApiError(error) && error.status === 401) console.error('check MOMOTALK_BOT_TOKEN');
 * ```
 */
export class MoMoTalkAuthenticationError extends MoMoTalkApiError {
  /** Always `'MoMoTalkAuthenticationError'`, in every copy of the package (what the `is…Error` guards check). */
  override name = 'MoMoTalkAuthenticationError';
}

/**
 * 403: the token is valid but may not do this (e.g. the bot is not in the room, or is pending review).
 *
 * @example
 * ```ts
 * if (isMoMoTalkApiError(error) && error.status === 403) console.error(error.body);
 * ```
 */
export class MoMoTalkPermissionDeniedError extends MoMoTalkApiError {
  /** Always `'MoMoTalkPermissionDeniedError'`, in every copy of the package (what the `is…Error` guards check). */
  override name = 'MoMoTalkPermissionDeniedError';
}

/**
 * 404: the bot or the room does not exist (check `botId` / `MOMOTALK_BOT_ID` and `baseUrl`).
 *
 * @example
 * ```ts
 * if (isMoMoTalkApiError(error) && error.status === 404) console.error('unknown bot or room');
 * ```
 */
export class MoMoTalkNotFoundError extends MoMoTalkApiError {
  /** Always `'MoMoTalkNotFoundError'`, in every copy of the package (what the `is…Error` guards check). */
  override name = 'MoMoTalkNotFoundError';
}

/**
 * 409: the request conflicts with the current state.
 *
 * @example
 * ```ts
 * if (isMoMoTalkApiError(error) && error.status === 409) console.error(error.body);
 * ```
 */
export class MoMoTalkConflictError extends MoMoTalkApiError {
  /** Always `'MoMoTalkConflictError'`, in every copy of the package (what the `is…Error` guards check). */
  override name = 'MoMoTalkConflictError';
}

/**
 * 422: the request was well-formed but its content was refused.
 *
 * @example
 * ```ts
 * if (isMoMoTalkApiError(error) && error.status === 422) console.error(error.body);
 * ```
 */
export class MoMoTalkUnprocessableEntityError extends MoMoTalkApiError {
  /** Always `'MoMoTalkUnprocessableEntityError'`, in every copy of the package (what the `is…Error` guards check). */
  override name = 'MoMoTalkUnprocessableEntityError';
}

/**
 * 429: too many requests. `retryAfter` is the wait the server asked for in seconds, when it sent one. The
 * client retries a 429 by itself (see the `retry` option); this error means the retries ran out, the wait
 * was longer than `retry.maxRetryAfter` or than what was left of `totalTimeout`, or retrying was off (the
 * message says which).
 *
 * @example
 * ```ts
 * import { isMoMoTalkRateLimitError } from 'momotalk-bot-sdk';
 *
 * if (isMoMoTalkRateLimitError(error)) await sleep((error.retryAfter ?? 1) * 1000);
 * ```
 */
export class MoMoTalkRateLimitError extends MoMoTalkApiError {
  /** Always `'MoMoTalkRateLimitError'`, in every copy of the package (what the `is…Error` guards check). */
  override name = 'MoMoTalkRateLimitError';
  /**
   * Seconds from `Retry-After` (a delta or an HTTP date, converted); `undefined` when absent or invalid (other
   * rate-limit headers are not read: the platform documents none).
   */
  readonly retryAfter: number | undefined;

  constructor(init: MoMoTalkApiErrorInit) {
    super(init);
    this.retryAfter = init.retryAfter;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), retryAfter: this.retryAfter };
  }
}

/**
 * 5xx: the server failed. Only 503 is retried by default: another 5xx may come after the message was
 * stored, and the API has no idempotency key, so a retry could post the message twice. A 503's
 * `Retry-After` is kept in `retryAfter`.
 *
 * @example
 * ```ts
 * if (isMoMoTalkApiError(error) && error.status >= 500) console.error(error.status, error.requestId);
 * if (isMoMoTalkApiError(error) && error.status === 503) {
 *   const { retryAfter } = error as MoMoTalkServerError;
 *   if (retryAfter !== undefined) console.warn(`the API asks to wait ${retryAfter} s`);
 * }
 * ```
 */
export class MoMoTalkServerError extends MoMoTalkApiError {
  /** Always `'MoMoTalkServerError'`, in every copy of the package (what the `is…Error` guards check). */
  override name = 'MoMoTalkServerError';
  /**
   * Seconds from `Retry-After` on a 503; `undefined` when absent or invalid, and for other 5xx statuses (the
   * client reads it only on 429 and 503).
   */
  readonly retryAfter: number | undefined;

  constructor(init: MoMoTalkApiErrorInit) {
    super(init);
    this.retryAfter = init.retryAfter;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), retryAfter: this.retryAfter };
  }
}

const API_ERROR_NAMES: ReadonlySet<string> = new Set([
  'MoMoTalkApiError',
  'MoMoTalkBadRequestError',
  'MoMoTalkAuthenticationError',
  'MoMoTalkPermissionDeniedError',
  'MoMoTalkNotFoundError',
  'MoMoTalkConflictError',
  'MoMoTalkUnprocessableEntityError',
  'MoMoTalkRateLimitError',
  'MoMoTalkServerError',
]);

/**
 * True for a {@link MoMoTalkApiError} or any of its subclasses, from any copy of this package.
 *
 * @example
 * ```ts
 * if (isMoMoTalkApiError(error) && error.status === 404) console.error('unknown room');
 * ```
 */
export function isMoMoTalkApiError(value: unknown): value is MoMoTalkApiError {
  return isMoMoTalkError(value) && API_ERROR_NAMES.has(value.name);
}

/**
 * True for a {@link MoMoTalkRateLimitError} (429) from any copy of this package.
 *
 * @example
 * ```ts
 * if (isMoMoTalkRateLimitError(error)) console.warn(`retry in ${error.retryAfter ?? '?'} s`);
 * ```
 */
export function isMoMoTalkRateLimitError(value: unknown): value is MoMoTalkRateLimitError {
  return isMoMoTalkError(value) && value.name === 'MoMoTalkRateLimitError';
}

/**
 * The error class for a status: the matching subclass, or {@link MoMoTalkApiError} for any other status.
 *
 * @example
 * ```ts
 * throw createApiError({ status: 404, method: 'POST', path: '/bots/b/messages', body: undefined,
 *   headers: new Headers(), requestId: undefined });
 * ```
 */
export function createApiError(init: MoMoTalkApiErrorInit): MoMoTalkApiError {
  switch (init.status) {
    case 400:
      return new MoMoTalkBadRequestError(init);
    case 401:
      return new MoMoTalkAuthenticationError(init);
    case 403:
      return new MoMoTalkPermissionDeniedError(init);
    case 404:
      return new MoMoTalkNotFoundError(init);
    case 409:
      return new MoMoTalkConflictError(init);
    case 422:
      return new MoMoTalkUnprocessableEntityError(init);
    case 429:
      return new MoMoTalkRateLimitError(init);
    default:
      return init.status >= 500 && init.status <= 599
        ? new MoMoTalkServerError(init)
        : new MoMoTalkApiError(init);
  }
}

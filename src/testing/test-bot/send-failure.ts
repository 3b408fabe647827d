/**
 * A failure the test bot's Bot API answers the next send attempt with, so a test can see what the bot does
 * when sending fails. The bot's `BotClient` handles it with its real policy: by default a 429 or 503 is
 * retried after `Retry-After`, a 500 or a hang (timeout) is not retried (the API has no idempotency key),
 * a refused connection is retried after the backoff.
 *
 * - `{ status, retryAfter?, body? }`: an HTTP error answer. `retryAfter` (seconds, or an HTTP date) sets
 *   `Retry-After`; `body` replaces the default `{ ok: false, error: { code, message } }`.
 * - `{ hang: true }`: no answer at all; the attempt ends when the client's `timeout` aborts it.
 * - `{ connection: 'refused' }`: the connection is refused before anything was sent (`ECONNREFUSED`);
 *   `{ connection: 'reset' }`: it is lost after the request was sent (`ECONNRESET`).
 *
 * @example
 * ```ts
 * chat.failNextSend({ status: 429, retryAfter: 2 }); // then the retry succeeds
 * chat.failNextSend({ status: 500 }); // not retried: the bot's reply fails
 * chat.failNextSend({ hang: true }); // a MoMoTalkTimeoutError after the client's timeout
 * ```
 */
export type SendFailure =
  | {
      /** The HTTP status, 400 to 599. */
      readonly status: number;
      /**
       * The `Retry-After` header: seconds, or an HTTP date.
       * @default undefined (no header)
       */
      readonly retryAfter?: number | string | undefined;
      /**
       * The JSON answer.
       * @default { ok: false, error: { code: 'injected_failure', message } }
       */
      readonly body?: unknown;
    }
  | {
      /** Never answer: the attempt ends when the client's `timeout` aborts it. */
      readonly hang: true;
    }
  | {
      /** `'refused'`: before anything was sent (`ECONNREFUSED`); `'reset'`: after it (`ECONNRESET`). */
      readonly connection: 'refused' | 'reset';
    };

/** @internal Checks a failure given by a test; a `TypeError` says what is wrong with it. */
export function checkSendFailure(failure: unknown): SendFailure {
  const fail = (what: string): never => {
    throw new TypeError(
      `[momotalk-bot-sdk] failNextSend: ${what}. Pass { status: 400-599, retryAfter? }, { hang: true } or { connection: 'refused' | 'reset' }.`,
    );
  };
  if (typeof failure !== 'object' || failure === null) return fail('the failure must be an object');
  const value = failure as Record<string, unknown>;
  if ('hang' in value) {
    if (value.hang !== true) fail('hang must be true');
    return { hang: true };
  }
  if ('connection' in value) {
    if (value.connection !== 'refused' && value.connection !== 'reset') {
      fail(`connection must be 'refused' or 'reset', got ${describe(value.connection)}`);
    }
    return { connection: value.connection as 'refused' | 'reset' };
  }
  const { status, retryAfter } = value;
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 400 || status > 599) {
    fail(`status must be a whole number from 400 to 599, got ${describe(status)}`);
  }
  if (retryAfter !== undefined) {
    const ok =
      (typeof retryAfter === 'number' && Number.isInteger(retryAfter) && retryAfter >= 0) ||
      (typeof retryAfter === 'string' && /^[\x20-\x7e]{1,64}$/.test(retryAfter));
    if (!ok) fail(`retryAfter must be whole seconds >= 0 or an HTTP date, got ${describe(retryAfter)}`);
  }
  const bodyText = value.body === undefined ? undefined : jsonText(value.body);
  if (value.body !== undefined && bodyText === undefined) {
    fail('body must be JSON-serialisable (an object, array, string, number, boolean or null)');
  }
  // A copy, body included (as the JSON it is sent as): a test changing its objects afterwards does not
  // change a queued failure.
  return {
    status: status as number,
    retryAfter: retryAfter as number | string | undefined,
    body: bodyText === undefined ? undefined : JSON.parse(bodyText),
  };
}

function jsonText(value: unknown): string | undefined {
  try {
    return JSON.stringify(value);
  } catch {
    return undefined;
  }
}

function describe(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value.slice(0, 40)) : String(value);
}

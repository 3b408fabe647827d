import { redactText } from './redact-secrets.js';

/** The body keys that usually hold an error's human-readable reason, in the order they are tried. */
const REASON_KEYS = ['message', 'error_description', 'error', 'detail', 'title', 'reason'] as const;
const EXCERPT_CHARS = 120;

/** Why the client stopped retrying a 429 or 503 early, for the error message. */
export type RetryStop =
  | {
      readonly kind: 'retry-after-cap';
      /** The header the wait came from (`Retry-After`). */
      readonly header: string;
      readonly retryAfter: number;
      readonly maxRetryAfter: number;
    }
  | { readonly kind: 'total-timeout'; readonly waitMs: number };

/** What {@link describeApiFailure} needs. */
export interface ApiFailure {
  readonly status: number;
  readonly body: unknown;
  readonly retries: number;
  readonly stop: RetryStop | undefined;
  readonly token: string;
}

/**
 * The sentences after `Request failed with <status>: POST <path>`: the server's reason (a short,
 * sanitised excerpt of the error body), a hint for 404, and for 429/503 how often the call was retried and
 * why it stopped when it stopped early.
 */
export function describeApiFailure(failure: ApiFailure): string {
  const parts: string[] = [];
  const excerpt = bodyExcerpt(failure.body, failure.token);
  if (excerpt !== undefined) parts.push(`Server said: ${JSON.stringify(excerpt)}`);
  if (failure.status === 404) {
    parts.push('Check botId and baseUrl: the base URL ends in /api, e.g. https://bot.mmrnd.net/api');
  }
  if (failure.status === 429 || failure.status === 503) {
    const { retries, stop } = failure;
    const retried = retries === 0 ? 'Not retried' : `Retried ${retries} ${retries === 1 ? 'time' : 'times'}`;
    if (stop?.kind === 'retry-after-cap') {
      parts.push(
        `${retried}: ${stop.header} (${stop.retryAfter} s) is over retry.maxRetryAfter (${stop.maxRetryAfter} s), so it was not waited for`,
      );
    } else if (stop?.kind === 'total-timeout') {
      parts.push(`${retried}: the next wait (${Math.ceil(stop.waitMs)} ms) would outlast totalTimeout`);
    } else {
      parts.push(retried);
    }
  }
  return parts.join('. ');
}

/**
 * The server's reason from an error body: a JSON object's `message`, `error_description`, `error`,
 * `detail`, `title` or `reason` (one level deep too, as in `{ error: { message } }`), or a plain-text
 * body that is not HTML. Control characters and runs of spaces become one space, the token and any
 * `Bearer …` value are replaced by `[redacted]` (a server may echo the request), and the result is cut to
 * 120 characters.
 */
export function bodyExcerpt(body: unknown, token: string): string | undefined {
  const reason = reasonOf(body, 0);
  if (reason === undefined) return undefined;
  let text = redactText(reason, token);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed.
  text = text.replace(/[\u0000-\u001f\u007f-\u009f\s]+/g, ' ').trim();
  if (text === '') return undefined;
  return text.length > EXCERPT_CHARS ? `${text.slice(0, EXCERPT_CHARS - 1)}…` : text;
}

function reasonOf(body: unknown, depth: number): string | undefined {
  if (typeof body === 'string') return body.trimStart().startsWith('<') ? undefined : body;
  if (typeof body !== 'object' || body === null || Array.isArray(body) || depth > 1) return undefined;
  for (const key of REASON_KEYS) {
    const value = (body as Record<string, unknown>)[key];
    const found = typeof value === 'string' ? value : reasonOf(value, depth + 1);
    if (found !== undefined && found.trim() !== '') return found;
  }
  return undefined;
}

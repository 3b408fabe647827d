/**
 * How long a 429 / 503 asks to wait, read exactly as ky reads it, so the client's policy (`maxRetryAfter`,
 * the `totalTimeout` check, `onRetry.delay`, `retryAfter` on the error) sees the wait ky will make.
 *
 * A port of `getRetryTimingHeader` and `calculateRetryTimingDelay` in ky 2's
 * `distribution/core/retry-timing.js`: ky does not export them (its package `exports` has only `.`).
 * Keep the two in step when upgrading ky.
 */

/** The header ky takes the wait from, and the wait in milliseconds (`undefined` when unparsable). */
export interface RetryTiming {
  /** The header's name, as ky looks it up (`Retry-After`, `RateLimit-Reset`, …). */
  readonly header: string;
  /** Milliseconds to wait, never negative; `undefined` when the value is malformed (ky then backs off). */
  readonly ms: number | undefined;
}

/** Epoch seconds from before this are read as delay seconds (ky's `timestampThreshold`). */
const TIMESTAMP_THRESHOLD = Date.parse('2024-01-01');
const DELAY = /^\d+$/;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const IMF_DATE =
  /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d{2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$/;
const RFC850_DATE =
  /^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), (\d{2})-(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)-(\d{2}) (\d{2}):(\d{2}):(\d{2}) GMT$/;
const ASCTIME_DATE =
  /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{2}| \d) (\d{2}):(\d{2}):(\d{2}) (\d{4})$/;

/**
 * The wait a response asks for: `Retry-After` when present (authoritative, even when malformed), else
 * `RateLimit-Reset`, `X-RateLimit-Retry-After`, `X-RateLimit-Reset`, `X-Rate-Limit-Reset`, in ky's order.
 * `undefined` when none of them is there.
 */
export function retryTiming(headers: Headers, now: number = Date.now()): RetryTiming | undefined {
  const candidates: ReadonlyArray<readonly [string, boolean]> = [
    ['Retry-After', false],
    ['RateLimit-Reset', true],
    ['X-RateLimit-Retry-After', false],
    ['X-RateLimit-Reset', true],
    ['X-Rate-Limit-Reset', true],
  ];
  for (const [header, allowTimestamp] of candidates) {
    const value = headers.get(header);
    if (value !== null) return { header, ms: retryTimingDelay(value, allowTimestamp, now) };
  }
  return undefined;
}

/**
 * Milliseconds from one header value: delay seconds, or (reset headers only) epoch seconds from 2024 on,
 * or an HTTP date in one of its three formats. `undefined` when malformed.
 */
export function retryTimingDelay(
  value: string,
  allowTimestamp: boolean,
  now: number = Date.now(),
): number | undefined {
  const trimmed = value.trim();
  if (DELAY.test(trimmed)) {
    let delay = Number(trimmed) * 1000;
    if (allowTimestamp && delay >= TIMESTAMP_THRESHOLD) delay -= now;
    return Math.max(0, delay);
  }
  const timestamp = parseHttpDate(trimmed, now);
  return timestamp === undefined ? undefined : Math.max(0, timestamp - now);
}

function parseHttpDate(value: string, now: number): number | undefined {
  const imf = IMF_DATE.exec(value);
  if (imf) return utc(Number(imf[3]), imf[2], imf[1], imf[4], imf[5], imf[6]);
  const rfc850 = RFC850_DATE.exec(value);
  if (rfc850) {
    // RFC 9110: a two-digit year is the latest matching century not more than 50 years ahead.
    const today = new Date(now);
    const century = Math.floor(today.getUTCFullYear() / 100) * 100 + Number(rfc850[3]);
    const limit = Date.UTC(
      today.getUTCFullYear() + 50,
      today.getUTCMonth(),
      today.getUTCDate(),
      today.getUTCHours(),
      today.getUTCMinutes(),
      today.getUTCSeconds(),
      today.getUTCMilliseconds(),
    );
    let found: number | undefined;
    for (const year of [century - 100, century, century + 100]) {
      const candidate = utc(year, rfc850[2], rfc850[1], rfc850[4], rfc850[5], rfc850[6]);
      if (candidate !== undefined && candidate <= limit) found = candidate;
    }
    return found;
  }
  const asctime = ASCTIME_DATE.exec(value);
  if (asctime) {
    return utc(Number(asctime[6]), asctime[1], asctime[2]?.trim(), asctime[3], asctime[4], asctime[5]);
  }
  return undefined;
}

/** A UTC timestamp from date parts, `undefined` for an impossible date (31 Feb, 25:00, …). */
function utc(
  year: number,
  month: string | undefined,
  day: string | undefined,
  hours: string | undefined,
  minutes: string | undefined,
  seconds: string | undefined,
): number | undefined {
  const monthIndex = MONTHS.indexOf(month ?? '');
  const [d, h, m, s] = [day, hours, minutes, seconds].map(Number) as [number, number, number, number];
  if (monthIndex === -1 || h > 23 || m > 59 || s > 60) return undefined;
  // A leap second (60) is read as 59 plus one second, as ky does.
  const second = Math.min(s, 59);
  const date = new Date(Date.UTC(year, monthIndex, d, h, m, second));
  date.setUTCFullYear(year);
  // Date.UTC carries overflow into the next unit: a round trip rejects impossible dates.
  if (
    date.getUTCFullYear() !== year ||
    date.getUTCMonth() !== monthIndex ||
    date.getUTCDate() !== d ||
    date.getUTCHours() !== h ||
    date.getUTCMinutes() !== m ||
    date.getUTCSeconds() !== second
  ) {
    return undefined;
  }
  return date.getTime() + (s === 60 ? 1000 : 0);
}

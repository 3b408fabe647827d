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

/**
 * Epoch seconds from before this are read as delay seconds (ky's `timestampThreshold`,
 * `Date.parse('2024-01-01')`, written out so that no module-level call keeps this file in bundles that do
 * not send).
 */
const TIMESTAMP_THRESHOLD = 1_704_067_200_000;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
// ky's three HTTP-date formats: IMF-fixdate, RFC 850 and asctime (literals: tree-shakable).
const IMF_DATE =
  /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d{2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$/;
const RFC850_DATE =
  /^(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day, (\d{2})-(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)-(\d{2}) (\d{2}):(\d{2}):(\d{2}) GMT$/;
const ASCTIME_DATE =
  /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{2}| \d) (\d{2}):(\d{2}):(\d{2}) (\d{4})$/;
const HEADERS: ReadonlyArray<readonly [string, boolean]> = [
  ['Retry-After', false],
  ['RateLimit-Reset', true],
  ['X-RateLimit-Retry-After', false],
  ['X-RateLimit-Reset', true],
  ['X-Rate-Limit-Reset', true],
];

/**
 * The wait a response asks for: `Retry-After` when present (authoritative, even when malformed), else
 * `RateLimit-Reset`, `X-RateLimit-Retry-After`, `X-RateLimit-Reset`, `X-Rate-Limit-Reset`, in ky's order.
 * `undefined` when none of them is there.
 */
export function retryTiming(headers: Headers, now: number = Date.now()): RetryTiming | undefined {
  for (const [header, allowTimestamp] of HEADERS) {
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
  if (/^\d+$/.test(trimmed)) {
    const delay = Number(trimmed) * 1000;
    return Math.max(0, allowTimestamp && delay >= TIMESTAMP_THRESHOLD ? delay - now : delay);
  }
  const timestamp = parseHttpDate(trimmed, now);
  return timestamp === undefined ? undefined : Math.max(0, timestamp - now);
}

function parseHttpDate(value: string, now: number): number | undefined {
  let match = IMF_DATE.exec(value);
  if (match) return utc(Number(match[3]), match[2], match[1], match.slice(4));
  match = ASCTIME_DATE.exec(value);
  if (match) return utc(Number(match[6]), match[1], match[2], match.slice(3, 6));
  match = RFC850_DATE.exec(value);
  if (!match) return undefined;
  // RFC 9110: a two-digit year is the latest matching century not more than 50 years ahead.
  const limit = new Date(now);
  limit.setUTCFullYear(limit.getUTCFullYear() + 50);
  const year = Math.floor(new Date(now).getUTCFullYear() / 100) * 100 + Number(match[3]);
  let found: number | undefined;
  for (const candidate of [year - 100, year, year + 100]) {
    const timestamp = utc(candidate, match[2], match[1], match.slice(4));
    if (timestamp !== undefined && timestamp <= limit.getTime()) found = timestamp;
  }
  return found;
}

/** A UTC timestamp from date parts, `undefined` for an impossible date (31 Feb, 25:00, …). */
function utc(
  year: number,
  month: string | undefined,
  day: string | undefined,
  time: string[],
): number | undefined {
  const [h, m, s] = time.map(Number) as [number, number, number];
  if (s > 60) return undefined;
  // A leap second (60) is read as 59 plus one second, as ky does.
  const parts = [year, MONTHS.indexOf(month ?? ''), Number(day), h, m, Math.min(s, 59)] as const;
  const date = new Date(Date.UTC(...parts));
  date.setUTCFullYear(year);
  // Date.UTC carries overflow into the next unit: a round trip rejects impossible dates.
  const back = [
    date.getUTCFullYear(),
    date.getUTCMonth(),
    date.getUTCDate(),
    date.getUTCHours(),
    date.getUTCMinutes(),
    date.getUTCSeconds(),
  ];
  if (back.join() !== parts.join()) return undefined;
  return date.getTime() + (s === 60 ? 1000 : 0);
}

const KAKAO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

/** Korea Standard Time is UTC+9 all year (no daylight saving time since 1988). */
const KST_OFFSET_HOURS = 9;

/**
 * Parses a Kakao/NHN date-time string of the form `yyyy-MM-dd HH:mm:ss` (for example a template hook's
 * `updateDate`) as Korea Standard Time (UTC+9, no daylight saving time) and returns the instant as a `Date`.
 *
 * Payload dates stay strings in the parsed hooks (the platform does not state the format of every date
 * field, and the vendor's own sample shows a bare `"2023-06-01"`); call this where you need an instant.
 * Returns `undefined`, never throws, for anything else: a missing value, another format (a date without a
 * time, an ISO string with `T` or an offset, fractional seconds), or an impossible date such as
 * `2024-02-30 10:00:00` or `24:00:00`.
 *
 * @param value - The date-time string from a hook, possibly missing.
 * @returns The instant, or `undefined` when `value` is not exactly `yyyy-MM-dd HH:mm:ss`.
 *
 * @example
 * ```ts
 * import { parseKoreanDateTime } from 'momotalk-bot-sdk/kakao';
 *
 * parseKoreanDateTime('2022-05-01 09:00:00')?.toISOString(); // '2022-05-01T00:00:00.000Z'
 * parseKoreanDateTime('2023-06-01'); // undefined
 * ```
 */
export function parseKoreanDateTime(value: string | null | undefined): Date | undefined {
  if (typeof value !== 'string') return undefined;
  const match = KAKAO_DATE_TIME.exec(value);
  if (match === null) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const wallClock = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  // Date.UTC rolls over out-of-range parts (Feb 30 → Mar 1); a round trip rejects them.
  if (
    wallClock.getUTCFullYear() !== year ||
    wallClock.getUTCMonth() !== month - 1 ||
    wallClock.getUTCDate() !== day ||
    wallClock.getUTCHours() !== hour ||
    wallClock.getUTCMinutes() !== minute ||
    wallClock.getUTCSeconds() !== second
  ) {
    return undefined;
  }
  return new Date(wallClock.getTime() - KST_OFFSET_HOURS * 3_600_000);
}

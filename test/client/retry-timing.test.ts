import { describe, expect, it } from 'vitest';
// ky does not export these; the port must read every header value as ky does.
import {
  calculateRetryTimingDelay,
  getRetryTimingHeader,
} from '../../node_modules/ky/distribution/core/retry-timing.js';
import { retryTiming } from '../../src/client/retry-timing.js';

const now = Date.now();
const epoch = (seconds: number): string => String(Math.floor(now / 1000) + seconds);
const VALUES = [
  '0',
  '7',
  '1.5',
  '-3',
  'soon',
  '',
  epoch(5),
  epoch(-5),
  '1600000000',
  new Date(now + 30_000).toUTCString(),
  'Sunday, 07-Jun-26 12:00:30 GMT',
  'Sun Jun  7 12:00:30 2026',
  'Sun, 31 Feb 2026 12:00:00 GMT',
  'Sun, 07 Jun 2026 23:59:60 GMT',
];
const HEADERS = [
  'Retry-After',
  'RateLimit-Reset',
  'X-RateLimit-Retry-After',
  'X-RateLimit-Reset',
  'X-Rate-Limit-Reset',
];

describe('retryTiming, the port of ky’s retry timing', () => {
  it.each(HEADERS.flatMap((header) => VALUES.map((value) => [header, value] as const)))(
    '%s: %j reads as in ky',
    (header, value) => {
      const headers = new Headers({ [header]: value });
      const theirs = getRetryTimingHeader(headers);
      const ours = retryTiming(headers);
      expect(ours === undefined).toBe(theirs === undefined);
      if (theirs === undefined || ours === undefined) return;
      const expected = calculateRetryTimingDelay(theirs);
      if (expected === undefined) expect(ours.ms).toBeUndefined();
      // ky reads Date.now() a moment later: allow a few milliseconds.
      else expect(Math.abs((ours.ms ?? Number.NaN) - expected)).toBeLessThan(50);
    },
  );

  it('takes Retry-After first, then the rate-limit headers in ky’s order', () => {
    const headers = new Headers({
      'x-rate-limit-reset': '9',
      'x-ratelimit-reset': '8',
      'ratelimit-reset': '7',
    });
    expect(retryTiming(headers, now)).toEqual({ header: 'RateLimit-Reset', ms: 7000 });
    headers.set('retry-after', 'garbage');
    expect(retryTiming(headers, now)).toEqual({ header: 'Retry-After', ms: undefined });
    expect(retryTiming(new Headers(), now)).toBeUndefined();
  });
});

// Boundary tests for the retry policy, written for the mutants Stryker found alive (docs/reliability.md §6).
import { describe, expect, it } from 'vitest';
import {
  backoffCeiling,
  DEFAULT_RETRY_POLICY,
  isSafeRetryStatus,
  isUnsafeRetryStatus,
  parseRetryAfter,
  resolveRetryPolicy,
} from '../../src/client/retry-policy.js';

describe('retry policy boundaries', () => {
  it('retries by default exactly 429 and 503', () => {
    const safe = Array.from({ length: 600 }, (_, status) => status).filter(isSafeRetryStatus);
    expect(safe).toEqual([429, 503]);
  });

  it('treats exactly 500–599 as possibly processed (unsafe)', () => {
    const unsafe = Array.from({ length: 700 }, (_, status) => status).filter(isUnsafeRetryStatus);
    expect(unsafe[0]).toBe(500);
    expect(unsafe.at(-1)).toBe(599);
    expect(unsafe).toHaveLength(100);
  });

  it('backoff ceiling: doubles per retry from baseDelay and stops at maxDelay (ky jitters below it)', () => {
    const policy = { ...DEFAULT_RETRY_POLICY, baseDelay: 100, maxDelay: 1000 };
    expect(backoffCeiling(policy, 1)).toBe(100);
    expect(backoffCeiling(policy, 2)).toBe(200);
    expect(backoffCeiling(policy, 3)).toBe(400);
    expect(backoffCeiling(policy, 4)).toBe(800);
    expect(backoffCeiling(policy, 5)).toBe(1000);
    expect(backoffCeiling(policy, 9)).toBe(1000);
  });

  it('Retry-After: delta-seconds, HTTP dates relative to now (never negative), else undefined', () => {
    const now = Date.parse('2026-11-21T12:00:00Z');
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('0', now)).toBe(0);
    expect(parseRetryAfter(' 7 ', now)).toBe(7);
    expect(parseRetryAfter('1.5', now)).toBeUndefined();
    expect(parseRetryAfter('-3', now)).toBeUndefined();
    expect(parseRetryAfter('', now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('Sat, 21 Nov 2026 12:00:10 GMT', now)).toBe(10);
    expect(parseRetryAfter('Sat, 21 Nov 2026 12:00:09 GMT', now + 500)).toBe(9); // 8.5 s rounds up
    expect(parseRetryAfter('Sat, 21 Nov 2026 11:59:00 GMT', now)).toBe(0);
  });

  it('resolves options: false is no retry, a number the limit, fields fall back to the base', () => {
    expect(resolveRetryPolicy(undefined)).toBe(DEFAULT_RETRY_POLICY);
    expect(resolveRetryPolicy(false)).toEqual({ ...DEFAULT_RETRY_POLICY, limit: 0 });
    expect(resolveRetryPolicy(5)).toEqual({ ...DEFAULT_RETRY_POLICY, limit: 5 });
    expect(resolveRetryPolicy(0)).toEqual({ ...DEFAULT_RETRY_POLICY, limit: 0 });
    expect(resolveRetryPolicy({})).toEqual(DEFAULT_RETRY_POLICY);
    const base = { limit: 9, baseDelay: 1, maxDelay: 2, maxRetryAfter: 3, unsafe: true };
    expect(resolveRetryPolicy({}, base)).toEqual(base);
    expect(
      resolveRetryPolicy({ limit: 1, baseDelay: 2, maxDelay: 3, maxRetryAfter: 4, unsafe: false }, base),
    ).toEqual({
      limit: 1,
      baseDelay: 2,
      maxDelay: 3,
      maxRetryAfter: 4,
      unsafe: false,
    });
    expect(DEFAULT_RETRY_POLICY).toEqual({
      limit: 2,
      baseDelay: 500,
      maxDelay: 8000,
      maxRetryAfter: 60,
      unsafe: false,
    });
    expect(Object.isFrozen(DEFAULT_RETRY_POLICY)).toBe(true);
  });

  it('refuses negative and non-finite numbers with a TypeError naming the option', () => {
    expect(() => resolveRetryPolicy(-1)).toThrow(/retry must be a whole number >= 0/);
    expect(() => resolveRetryPolicy({ limit: 1.5 })).toThrow(/retry\.limit must be a whole number/);
    expect(() => resolveRetryPolicy(Number.NaN)).toThrow(TypeError);
    expect(() => resolveRetryPolicy(Number.POSITIVE_INFINITY)).toThrow(TypeError);
    expect(() => resolveRetryPolicy({ limit: -1 })).toThrow(/retry\.limit/);
    expect(() => resolveRetryPolicy({ baseDelay: -1 })).toThrow(/retry\.baseDelay/);
    expect(() => resolveRetryPolicy({ maxDelay: -1 })).toThrow(/retry\.maxDelay/);
    expect(() => resolveRetryPolicy({ maxRetryAfter: -1 })).toThrow(/retry\.maxRetryAfter/);
    expect(resolveRetryPolicy({ maxRetryAfter: 0 }).maxRetryAfter).toBe(0);
  });
});

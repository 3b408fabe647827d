import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { constantTimeEqual, constantTimeEqualBytes } from '../../src/internal/constant-time-equal.js';

const utf8 = new TextEncoder();
const pureJs = (a: string, b: string) => constantTimeEqualBytes(utf8.encode(a), utf8.encode(b));

describe('constantTimeEqual', () => {
  it.each([
    ['same', 'same', true],
    ['same', 'samE', false],
    ['short', 'shorter', false],
    ['shorter', 'short', false],
    ['', 'x', false],
    ['한국어 서명', '한국어 서명', true],
    ['한국어 서명', '한국어 서멍', false],
  ])('%j vs %j → %s (node:crypto and pure-JS paths agree)', (received, expected, result) => {
    expect(constantTimeEqual(received, expected)).toBe(result);
    expect(pureJs(received, expected)).toBe(result);
  });

  it('is false, never a throw, for anything that is not a string', () => {
    for (const value of [undefined, null, 42, {}, ['x']]) expect(constantTimeEqual(value, 'x')).toBe(false);
  });

  it('pure-JS path: a prefix or a repetition of the expected value never matches', () => {
    expect(pureJs('abcabc', 'abc')).toBe(false);
    expect(pureJs('ab', 'abc')).toBe(false);
  });

  it('both paths equal string equality for arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string(), fc.string({ minLength: 1 }), (a, b) => {
        expect(constantTimeEqual(a, b)).toBe(a === b);
        expect(pureJs(a, b)).toBe(a === b);
        expect(constantTimeEqual(b, b)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});

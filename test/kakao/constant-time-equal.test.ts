import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  constantTimeEqual,
  constantTimeEqualBytes,
  constantTimeMatcher,
} from '../../src/internal/constant-time-equal.js';
import { verifyBizmessageSignature } from '../../src/kakao/bizmessage/verify-bizmessage-signature.js';
import { verifyTalkShareAuthorization } from '../../src/kakao/talk-share/verify-talk-share-authorization.js';

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

describe('constantTimeMatcher (configured values hashed once)', () => {
  it('matches any of several configured values, and nothing else', () => {
    const matches = constantTimeMatcher(['old-secret', 'new-secret']);
    expect(matches('old-secret')).toBe(true);
    expect(matches('new-secret')).toBe(true);
    expect(matches('new-secreT')).toBe(false);
    expect(matches('')).toBe(false);
    expect(matches(undefined)).toBe(false);
  });
});

describe('the standalone Kakao checks remember the last configured string', () => {
  it('answer for the configuration of each call, whichever was used before', () => {
    expect(verifyBizmessageSignature('one', 'one')).toBe(true);
    expect(verifyBizmessageSignature('one', 'two')).toBe(false);
    expect(verifyBizmessageSignature('two', 'two')).toBe(true);
    expect(verifyBizmessageSignature('two', ['one', 'two'])).toBe(true);
    expect(verifyBizmessageSignature('two', 'two ')).toBe(true);
    expect(verifyTalkShareAuthorization('KakaoAK key-1', 'key-1')).toBe(true);
    expect(verifyTalkShareAuthorization('KakaoAK key-1', 'key-2')).toBe(false);
    expect(verifyTalkShareAuthorization('KakaoAK key-2', 'key-2')).toBe(true);
  });

  it('still refuse a bad configuration on every call', () => {
    expect(verifyBizmessageSignature('x', 'x')).toBe(true);
    for (let i = 0; i < 2; i++) {
      expect(() => verifyBizmessageSignature('x', '')).toThrow(TypeError);
      expect(() => verifyBizmessageSignature('x', [])).toThrow(TypeError);
      expect(() => verifyTalkShareAuthorization('KakaoAK x', '  ')).toThrow(TypeError);
    }
  });
});

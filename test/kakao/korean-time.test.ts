import { describe, expect, it } from 'vitest';
import { parseKoreanDateTime } from '../../src/kakao/korean-time.js';

describe('parseKoreanDateTime', () => {
  it('reads yyyy-MM-dd HH:mm:ss as UTC+9', () => {
    expect(parseKoreanDateTime('2022-05-01 00:00:00')?.toISOString()).toBe('2022-04-30T15:00:00.000Z');
    expect(parseKoreanDateTime('2024-06-01 10:10:03')?.toISOString()).toBe('2024-06-01T01:10:03.000Z');
  });

  it('has no daylight saving time: summer and winter use the same offset', () => {
    expect(parseKoreanDateTime('2024-07-15 09:00:00')?.toISOString()).toBe('2024-07-15T00:00:00.000Z');
    expect(parseKoreanDateTime('2024-01-15 09:00:00')?.toISOString()).toBe('2024-01-15T00:00:00.000Z');
  });

  it('crosses the year boundary correctly', () => {
    expect(parseKoreanDateTime('2025-01-01 08:59:59')?.toISOString()).toBe('2024-12-31T23:59:59.000Z');
  });

  it('accepts a real leap day', () => {
    expect(parseKoreanDateTime('2024-02-29 12:00:00')?.toISOString()).toBe('2024-02-29T03:00:00.000Z');
  });

  it.each([
    '2023-06-01', // the seed's own receiveDate sample
    '2022-05-01T00:00:00',
    '2022-05-01 00:00:00+09:00',
    '2022-05-01 00:00:00.000',
    ' 2022-05-01 00:00:00',
    '2022-5-1 0:0:0',
    '2023-02-29 00:00:00',
    '2022-13-01 00:00:00',
    '2022-04-31 00:00:00',
    '2022-05-01 24:00:00',
    '2022-05-01 23:60:00',
    '2022-05-01 23:59:60',
    '',
    'String',
  ])('returns undefined for %j', (value) => {
    expect(parseKoreanDateTime(value)).toBeUndefined();
  });

  it('returns undefined for a missing value', () => {
    expect(parseKoreanDateTime(undefined)).toBeUndefined();
    expect(parseKoreanDateTime(null)).toBeUndefined();
  });
});

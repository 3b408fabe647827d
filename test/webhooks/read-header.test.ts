import type { IncomingHttpHeaders } from 'node:http';
import { describe, expect, it } from 'vitest';
import { type HeadersLike, MOMOTALK_HEADERS, readHeader } from '../../src/index.js';

describe('readHeader', () => {
  it('exports the header names in lower case', () => {
    expect(MOMOTALK_HEADERS).toEqual({
      botId: 'x-momotalk-bot-id',
      eventId: 'x-momotalk-event-id',
      signature: 'x-momotalk-bot-signature',
    });
  });

  it('reads a Fetch Headers object in any case, joining duplicates as Fetch does', () => {
    const headers = new Headers({ 'X-MoMoTalk-Bot-Id': 'bot_1' });
    expect(readHeader(headers, 'x-momotalk-bot-id')).toBe('bot_1');
    expect(readHeader(headers, 'X-MOMOTALK-BOT-ID')).toBe('bot_1');
    expect(readHeader(headers, 'x-momotalk-event-id')).toBeUndefined();
    headers.append('x-momotalk-bot-id', 'bot_2');
    expect(readHeader(headers, MOMOTALK_HEADERS.botId)).toBe('bot_1, bot_2');
  });

  it("reads Node's IncomingHttpHeaders (lower-case keys, arrays for repeated headers)", () => {
    const headers: IncomingHttpHeaders = { 'x-momotalk-event-id': 'evt_1', 'set-cookie': ['a=1', 'b=2'] };
    expect(readHeader(headers, 'X-MoMoTalk-Event-Id')).toBe('evt_1');
    expect(readHeader(headers, 'Set-Cookie')).toBe('a=1, b=2');
    expect(readHeader(headers, 'x-momotalk-bot-id')).toBeUndefined();
  });

  it('reads a plain object case-insensitively, joining every spelling of a duplicated header', () => {
    const headers = { 'X-MoMoTalk-Bot-Signature': 'aa', 'x-momotalk-bot-signature': 'bb', other: 'x' };
    expect(readHeader(headers, MOMOTALK_HEADERS.signature)).toBe('aa, bb');
    expect(readHeader({ 'X-MOMOTALK-BOT-ID': 'bot_9' }, MOMOTALK_HEADERS.botId)).toBe('bot_9');
  });

  it('ignores undefined and non-string values, and inherited properties', () => {
    const weird = { 'x-a': undefined, 'x-b': 42, 'x-c': [1, 'two'], 'x-d': [] } as unknown as HeadersLike;
    expect(readHeader(weird, 'x-a')).toBeUndefined();
    expect(readHeader(weird, 'x-b')).toBeUndefined();
    expect(readHeader(weird, 'x-c')).toBe('two');
    expect(readHeader(weird, 'x-d')).toBeUndefined();
    expect(readHeader({}, 'constructor')).toBeUndefined();
    expect(readHeader({}, '__proto__')).toBeUndefined();
  });
});

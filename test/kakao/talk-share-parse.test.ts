import { describe, expect, it } from 'vitest';
import * as zc from 'zod';
import * as z from 'zod/mini';
import { isKakaoPayloadError, type KakaoPayloadError } from '../../src/kakao/kakao-payload-error.js';
import { parseTalkShareParams } from '../../src/kakao/talk-share/parse-talk-share-params.js';
import { readTalkShareParams } from '../../src/kakao/talk-share/read-talk-share-request.js';
import { fixture } from './support.js';

function payloadError(fn: () => unknown): KakaoPayloadError {
  try {
    fn();
  } catch (error) {
    if (isKakaoPayloadError(error)) return error;
    throw error;
  }
  throw new Error('expected a KakaoPayloadError');
}

const bytes = (text: string) => new TextEncoder().encode(text);

describe('parseTalkShareParams: the seed samples', () => {
  it('GET: coerces TEMPLATE_ID from "10000" and keeps the custom key as serverCallbackArgs', () => {
    const share = parseTalkShareParams(new URLSearchParams(fixture('talk-share-seed-get-query.txt')));
    expect(share).toEqual({
      CHAT_TYPE: 'MemoChat',
      HASH_CHAT_ID: 'hash-chat-1',
      TEMPLATE_ID: 10000,
      serverCallbackArgs: { custom_parameter_key: 'custom_parameter_value' },
    });
  });

  it('POST JSON: the same object', () => {
    const params = readTalkShareParams(
      'POST',
      '/',
      'application/json',
      bytes(fixture('talk-share-seed-post-body.txt')),
    );
    expect(parseTalkShareParams(params)).toEqual(
      parseTalkShareParams(new URLSearchParams(fixture('talk-share-seed-get-query.txt'))),
    );
  });

  it('the KAKAO.md GET example with a zod/mini schema for the args', () => {
    const search = new URLSearchParams(
      'CHAT_TYPE=MultiChat&HASH_CHAT_ID=9f2c1e&TEMPLATE_ID=12345&shareId=abc123&uid=u_42',
    );
    const share = parseTalkShareParams(search, {
      serverCallbackArgs: z.object({ shareId: z.string(), uid: z.string() }),
    });
    expect(share.serverCallbackArgs).toEqual({ shareId: 'abc123', uid: 'u_42' });
    expect(share.TEMPLATE_ID).toBe(12345);
  });
});

describe('parseTalkShareParams: coercion and leniency', () => {
  it.each([
    ['true', true],
    ['false', false],
    ['TRUE', true],
    [true, true],
    [false, false],
  ])('IS_SINGLE_CHATROOM %j → %s', (value, expected) => {
    expect(
      parseTalkShareParams({ CHAT_TYPE: 'MultiChat', HASH_CHAT_ID: 'h', IS_SINGLE_CHATROOM: value })
        .IS_SINGLE_CHATROOM,
    ).toBe(expected);
  });

  it('reads "" and null as absent for the optional parameters', () => {
    const share = parseTalkShareParams({
      CHAT_TYPE: 'DirectChat',
      HASH_CHAT_ID: 'h',
      TEMPLATE_ID: '',
      IS_SINGLE_CHATROOM: null,
      CHAT_MEMBER_COUNT_RANGE: '',
    });
    expect(share).toEqual({ CHAT_TYPE: 'DirectChat', HASH_CHAT_ID: 'h', serverCallbackArgs: {} });
    expect(Object.keys(share)).not.toContain('TEMPLATE_ID');
  });

  it('keeps unknown CHAT_TYPE values and CHAT_MEMBER_COUNT_RANGE as strings', () => {
    const share = parseTalkShareParams({
      CHAT_TYPE: 'FutureChat',
      HASH_CHAT_ID: 'h',
      CHAT_MEMBER_COUNT_RANGE: '10-50',
    });
    expect(share.CHAT_TYPE).toBe('FutureChat');
    expect(share.CHAT_MEMBER_COUNT_RANGE).toBe('10-50');
  });

  it('keeps JSON types of custom args from a POST body, untyped without a schema', () => {
    const share = parseTalkShareParams({
      CHAT_TYPE: 'MemoChat',
      HASH_CHAT_ID: 'h',
      user_id: 'abcd',
      product_id: 1234,
    });
    expect(share.serverCallbackArgs).toEqual({ user_id: 'abcd', product_id: 1234 });
  });

  it('a classic zod schema with coercion accepts both GET strings and JSON numbers', () => {
    const schema = zc.object({ product_id: zc.coerce.number() });
    const get = parseTalkShareParams(
      new URLSearchParams('CHAT_TYPE=MemoChat&HASH_CHAT_ID=h&product_id=1234'),
      {
        serverCallbackArgs: schema,
      },
    );
    const post = parseTalkShareParams(
      { CHAT_TYPE: 'MemoChat', HASH_CHAT_ID: 'h', product_id: 1234 },
      { serverCallbackArgs: schema },
    );
    expect(get.serverCallbackArgs).toEqual({ product_id: 1234 });
    expect(post.serverCallbackArgs).toEqual({ product_id: 1234 });
  });

  it('a __proto__ key in an object the caller parsed is dropped, never a prototype', () => {
    const body = JSON.parse(
      '{"CHAT_TYPE":"MemoChat","HASH_CHAT_ID":"h","__proto__":{"polluted":true}}',
    ) as Record<string, unknown>;
    const share = parseTalkShareParams(body);
    expect(Object.getPrototypeOf(share.serverCallbackArgs)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(share.serverCallbackArgs)).toEqual([]);
  });
});

describe('parseTalkShareParams: bad input', () => {
  it.each([
    ['no CHAT_TYPE', { HASH_CHAT_ID: 'h' }],
    ['an empty CHAT_TYPE', { CHAT_TYPE: '', HASH_CHAT_ID: 'h' }],
    ['no HASH_CHAT_ID', { CHAT_TYPE: 'MemoChat' }],
    ['a non-numeric TEMPLATE_ID', { CHAT_TYPE: 'MemoChat', HASH_CHAT_ID: 'h', TEMPLATE_ID: '12a' }],
    ['a negative TEMPLATE_ID', { CHAT_TYPE: 'MemoChat', HASH_CHAT_ID: 'h', TEMPLATE_ID: -1 }],
    [
      'an IS_SINGLE_CHATROOM of "yes"',
      { CHAT_TYPE: 'MemoChat', HASH_CHAT_ID: 'h', IS_SINGLE_CHATROOM: 'yes' },
    ],
  ])('rejects %s as invalid_payload', (_label, params) => {
    expect(payloadError(() => parseTalkShareParams(params)).reason).toBe('invalid_payload');
  });

  it('rejects args that fail the schema, naming the path under serverCallbackArgs', () => {
    const error = payloadError(() =>
      parseTalkShareParams(
        { CHAT_TYPE: 'MemoChat', HASH_CHAT_ID: 'h' },
        { serverCallbackArgs: z.object({ shareId: z.string() }) },
      ),
    );
    expect(error.issues[0]?.path).toEqual(['serverCallbackArgs', 'shareId']);
  });

  it.each([
    'CHAT_TYPE=MemoChat&CHAT_TYPE=OpenMultiChat&HASH_CHAT_ID=h',
    'CHAT_TYPE=MemoChat&HASH_CHAT_ID=h&uid=a&uid=b',
  ])('rejects a repeated key in %j', (query) => {
    expect(payloadError(() => parseTalkShareParams(new URLSearchParams(query))).reason).toBe(
      'repeated_parameter',
    );
  });
});

describe('readTalkShareParams: GET and POST bodies', () => {
  const form = 'CHAT_TYPE=MemoChat&HASH_CHAT_ID=h&note=%ED%95%9C%EA%B8%80';

  it('reads the query string of a GET (and ignores its body)', () => {
    expect(
      readTalkShareParams('GET', 'https://x/cb?CHAT_TYPE=MemoChat&HASH_CHAT_ID=h', undefined, bytes('')),
    ).toEqual({
      CHAT_TYPE: 'MemoChat',
      HASH_CHAT_ID: 'h',
    });
  });

  it('reads a form body, percent-decoding UTF-8', () => {
    expect(readTalkShareParams('POST', '/', 'application/x-www-form-urlencoded', bytes(form)).note).toBe(
      '한글',
    );
  });

  it.each([undefined, 'text/plain', 'application/octet-stream'])(
    'content type %j: tries JSON, then a form',
    (contentType) => {
      expect(
        readTalkShareParams('POST', '/', contentType, bytes(fixture('talk-share-seed-post-body.txt')))
          .TEMPLATE_ID,
      ).toBe(10000);
      expect(readTalkShareParams('POST', '/', contentType, bytes(form)).CHAT_TYPE).toBe('MemoChat');
    },
  );

  it('rejects a request target the URL parser refuses, as a payload error', () => {
    expect(payloadError(() => readTalkShareParams('GET', 'http://[::1', undefined, bytes(''))).reason).toBe(
      'invalid_payload',
    );
  });

  it('ignores the query string of a POST', () => {
    expect(readTalkShareParams('POST', '/cb?CHAT_TYPE=MemoChat', 'application/json', bytes('{}'))).toEqual(
      {},
    );
  });

  it.each([
    ['invalid JSON declared as JSON', 'application/json; charset=utf-8', '{"CHAT_TYPE":', 'invalid_json'],
    ['a JSON array', 'application/json', '[]', 'invalid_payload'],
    ['a repeated form key', 'application/x-www-form-urlencoded', 'a=1&a=2', 'repeated_parameter'],
    [
      "a repeated JSON key (last-wins would let it override Kakao's value)",
      'application/json',
      '{"CHAT_TYPE":"MemoChat","HASH_CHAT_ID":"h","CHAT_TYPE":"OpenMultiChat"}',
      'repeated_parameter',
    ],
    [
      'a repeated JSON key spelled with an escape',
      'application/json',
      '{"CHAT_TYPE":"MemoChat","HASH_CHAT_ID":"h","\\u0043HAT_TYPE":"OpenMultiChat"}',
      'repeated_parameter',
    ],
    [
      'a repeated custom JSON key',
      undefined,
      '{"CHAT_TYPE":"M","HASH_CHAT_ID":"h","uid":"a","uid":"b"}',
      'repeated_parameter',
    ],
  ])('rejects %s', (_label, contentType, body, reason) => {
    expect(payloadError(() => readTalkShareParams('POST', '/', contentType, bytes(body))).reason).toBe(
      reason,
    );
  });

  it("repeated keys inside a nested value, or in string values, are the app's data: accepted", () => {
    const body =
      '{"CHAT_TYPE":"MemoChat","HASH_CHAT_ID":"h","args":{"a":1,"a":2},"list":[{"k":1},{"k":2}],' +
      '"note":"\\"CHAT_TYPE\\":1,","CHAT_TYPE_2":"x","escaped\\\\":"\\\\","s":"{\\"HASH_CHAT_ID\\""}';
    const params = readTalkShareParams('POST', '/', 'application/json', bytes(body));
    expect(params).toMatchObject({ CHAT_TYPE: 'MemoChat', args: { a: 2 }, CHAT_TYPE_2: 'x' });
  });

  it('the error names the key, never a value', () => {
    const error = payloadError(() =>
      readTalkShareParams(
        'POST',
        '/',
        'application/json',
        bytes('{"CHAT_TYPE":"SECRET-1","CHAT_TYPE":"SECRET-2"}'),
      ),
    );
    expect(error.message).toContain('CHAT_TYPE');
    expect(error.message).not.toMatch(/SECRET/);
  });
});

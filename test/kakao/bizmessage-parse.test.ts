import { describe, expect, it } from 'vitest';
import { readExtraField } from '../../src/internal/read-extra-field.js';
import { parseBizmessageWebhook } from '../../src/kakao/bizmessage/parse-bizmessage-webhook.js';
import { isKakaoPayloadError, KakaoPayloadError } from '../../src/kakao/kakao-payload-error.js';
import { envelope, fixture } from './support.js';

function payloadError(fn: () => unknown): KakaoPayloadError {
  try {
    fn();
  } catch (error) {
    if (isKakaoPayloadError(error)) return error;
    throw error;
  }
  throw new Error('expected a KakaoPayloadError');
}

describe('parseBizmessageWebhook: documented samples', () => {
  it("parses the seed's cURL sample (made valid, see test/fixtures/kakao/README.md)", () => {
    const { envelope: env, hooks } = parseBizmessageWebhook(fixture('bizmessage-seed-curl.json'));
    expect(env.hooksId).toBe('202007271010101010sadasdavas');
    expect(env.productName).toBe('KakaoTalk Bizmessage');
    expect(hooks).toHaveLength(1);
    const [first] = hooks;
    expect(first?.kind).toBe('MESSAGE_RESULT_UPDATE');
    if (first?.kind !== 'MESSAGE_RESULT_UPDATE') return;
    expect(first.hook.recipientSeq).toBe(1);
    expect(first.hook.receiveDate).toBe('2023-06-01'); // dates stay strings, whatever their form
    expect(first.hook._links?.self?.href).toMatch(/^https:/);
    expect(first.key).toBe('seed-hook-1');
  });

  it('parses the KAKAO.md example delivery, isAddedChannel null included', () => {
    const { hooks } = parseBizmessageWebhook(new TextEncoder().encode(fixture('bizmessage-kakao-md.json')));
    const [first] = hooks;
    if (first?.kind !== 'MESSAGE_RESULT_UPDATE') throw new Error('not a message result');
    expect(first.hook.isAddedChannel).toBeNull();
    expect(first.hook.resultCode).toBe('1000');
    expect(first.hook.senderGroupingKey).toBe('order-42');
  });

  it("recognises the seed's template status hook by shape under an unpublished event name", () => {
    const { envelope: env, hooks } = parseBizmessageWebhook(fixture('bizmessage-template-status.json'));
    const [first] = hooks;
    if (first?.kind !== 'TEMPLATE_STATUS') throw new Error(`got ${first?.kind}`);
    expect(env.event).toBe('SOME_UNPUBLISHED_TEMPLATE_EVENT');
    expect(first.hook.status).toBe('TSC04');
    expect(first.hook.comments?.[0]?.id).toBe(17);
    expect(first.hook.comments?.[0]?.status).toBe('REJ');
    expect(first.hook.comments?.[0]?.attachment?.[0]?.originalFileName).toBe('guide.pdf');
  });
});

describe('parseBizmessageWebhook: leniency', () => {
  it('accepts brand message types and isAddedChannel true/false/null', () => {
    const hooks = ['BRAND_MESSAGE_NORMAL', 'BRAND_MESSAGE_MASS'].flatMap((type, i) =>
      [true, false, null].map((isAddedChannel, j) => ({
        hookId: `h${i}${j}`,
        kakaoMessageType: type,
        isAddedChannel,
      })),
    );
    const parsed = parseBizmessageWebhook(envelope('MESSAGE_RESULT_UPDATE', hooks));
    expect(
      parsed.hooks.map((item) => item.kind === 'MESSAGE_RESULT_UPDATE' && item.hook.isAddedChannel),
    ).toEqual([true, false, null, true, false, null]);
  });

  it('requires only hookId: every other field may be absent or null', () => {
    const parsed = parseBizmessageWebhook(
      envelope('MESSAGE_RESULT_UPDATE', [
        { hookId: 'only-id' },
        { hookId: 'nulls', resultCode: null, _links: null },
      ]),
    );
    expect(parsed.hooks.map((item) => item.key)).toEqual(['only-id', 'nulls']);
  });

  it('keeps unknown message types, result codes and extra fields as sent', () => {
    const parsed = parseBizmessageWebhook(
      envelope(
        'MESSAGE_RESULT_UPDATE',
        [{ hookId: 'h', kakaoMessageType: 'FUTURE_TALK', resultCode: 'MRC99', newField: { a: 1 } }],
        { envelopeExtra: true },
      ),
    );
    const [first] = parsed.hooks;
    if (first?.kind !== 'MESSAGE_RESULT_UPDATE') throw new Error('kind');
    expect(first.hook.kakaoMessageType).toBe('FUTURE_TALK');
    expect(readExtraField(first.hook, 'newField')).toEqual({ a: 1 });
    expect(readExtraField(parsed.envelope, 'envelopeExtra')).toBe(true);
  });

  it('accepts comment ids as numbers and as strings, and unknown status codes', () => {
    const hook = {
      hookId: 't',
      templateCode: 'tpl',
      status: 'TSC09',
      comments: [
        { id: 1, status: 'INQ' },
        { id: '2', status: 'REQ' },
        { id: 3, status: 'NEW' },
      ],
    };
    const [first] = parseBizmessageWebhook(envelope('TEMPLATE_STATUS_UPDATE', [hook])).hooks;
    if (first?.kind !== 'TEMPLATE_STATUS') throw new Error('kind');
    expect(first.hook.status).toBe('TSC09');
    expect(first.hook.comments?.map((comment) => comment.id)).toEqual([1, '2', 3]);
    expect(first.hook.comments?.map((comment) => comment.status)).toEqual(['INQ', 'REQ', 'NEW']);
  });

  it('parses unknown events (other NHN products) as UNKNOWN, keeping each hook', () => {
    const parsed = parseBizmessageWebhook(
      envelope('UNSUBSCRIBE', [{ hookId: 'u1', recipientNo: '010' }, { unsubscribeId: 'no-hook-id' }]),
    );
    expect(parsed.hooks).toEqual([
      {
        kind: 'UNKNOWN',
        event: 'UNSUBSCRIBE',
        hook: { hookId: 'u1', recipientNo: '010' },
        key: 'u1',
        index: 0,
        envelope: parsed.envelope,
      },
      {
        kind: 'UNKNOWN',
        event: 'UNSUBSCRIBE',
        hook: { unsubscribeId: 'no-hook-id' },
        key: 'hooks-1#1',
        index: 1,
        envelope: parsed.envelope,
      },
    ]);
    // Each item carries the one envelope object (the receiver's handlers get it as ctx.envelope).
    expect(parsed.hooks.every((item) => item.envelope === parsed.envelope)).toBe(true);
  });

  it('a template-shaped hook that does not fully fit stays UNKNOWN under an unknown event', () => {
    const [first] = parseBizmessageWebhook(
      envelope('OTHER', [{ templateCode: 'tpl', status: 'TSC01' }]),
    ).hooks;
    expect(first?.kind).toBe('UNKNOWN');
  });

  it('a missing event routes by shape', () => {
    const [first, second] = parseBizmessageWebhook(
      envelope(undefined, [{ hookId: 'a', templateCode: 'tpl', status: 'TSC03' }, { hookId: 'b' }]),
    ).hooks;
    expect(first?.kind).toBe('TEMPLATE_STATUS');
    expect(second?.kind).toBe('UNKNOWN');
  });

  it('accepts an already parsed object and an empty hooks array', () => {
    expect(parseBizmessageWebhook({ hooksId: 'x', hooks: [] }).hooks).toEqual([]);
  });

  it('reads a body with a byte-order mark, as text or as any ArrayBuffer view', () => {
    const text = '\uFEFF{"hooksId":"bom","hooks":[]}';
    const bytes = new TextEncoder().encode(text);
    expect(parseBizmessageWebhook(text).envelope.hooksId).toBe('bom');
    expect(parseBizmessageWebhook(bytes).envelope.hooksId).toBe('bom');
    expect(parseBizmessageWebhook(new DataView(bytes.buffer)).envelope.hooksId).toBe('bom');
  });

  it('templateStatusEvents names other events as template events', () => {
    const body = envelope('TPL', [{ hookId: 'a', templateCode: 'tpl', status: 'TSC01' }]);
    expect(parseBizmessageWebhook(body, { templateStatusEvents: ['TPL'] }).hooks[0]?.kind).toBe(
      'TEMPLATE_STATUS',
    );
    const wrong = envelope('TPL', [{ hookId: 'a', templateCode: 'tpl' }]);
    const [item] = parseBizmessageWebhook(wrong, { templateStatusEvents: ['TPL'] }).hooks;
    expect(item?.kind).toBe('INVALID');
    if (item?.kind !== 'INVALID') throw new Error('kind');
    expect(item.error.reason).toBe('invalid_payload');
  });
});

describe('parseBizmessageWebhook: bad input', () => {
  it.each([
    ['an empty body', '', 'invalid_json'],
    ['invalid JSON', '{"hooksId":', 'invalid_json'],
    ['a JSON array', '[]', 'invalid_payload'],
    ['no hooksId', JSON.stringify({ hooks: [] }), 'invalid_payload'],
    ['hooks not an array', JSON.stringify({ hooksId: 'x', hooks: { hookId: 'h' } }), 'invalid_payload'],
  ])('rejects %s', (_label, body, reason) => {
    const error = payloadError(() => parseBizmessageWebhook(body));
    expect(error.reason).toBe(reason);
    expect(error).toBeInstanceOf(KakaoPayloadError);
    expect(error.name).toBe('KakaoPayloadError');
  });

  it.each([
    [
      'a hook that is not an object',
      JSON.stringify({ hooksId: 'x', event: 'OTHER', hooks: [{}, 'h'] }),
      'x#1',
    ],
    [
      'a known hook without hookId',
      envelope('MESSAGE_RESULT_UPDATE', [{ hookId: 'ok' }, { resultCode: '1000' }]),
      'hooks-1#1',
    ],
    [
      'a known hook with a wrong type',
      envelope('MESSAGE_RESULT_UPDATE', [{ hookId: 'ok' }, { hookId: 'h', recipientSeq: 'one' }]),
      'h',
    ],
  ])('%s is an INVALID item; the valid hook beside it is kept', (_label, body, key) => {
    const { hooks } = parseBizmessageWebhook(body);
    expect(hooks).toHaveLength(2);
    expect(hooks[0]?.kind).not.toBe('INVALID');
    const bad = hooks[1];
    if (bad?.kind !== 'INVALID') throw new Error(`kind ${bad?.kind}`);
    expect(bad.key).toBe(key);
    expect(bad.index).toBe(1);
    expect(bad.error).toBeInstanceOf(KakaoPayloadError);
    expect(bad.error.reason).toBe('invalid_payload');
  });

  it('names the failing path, never the value', () => {
    const [, item] = parseBizmessageWebhook(
      envelope('MESSAGE_RESULT_UPDATE', [{ hookId: 'h' }, { hookId: 'h2', recipientSeq: 'SECRET-VALUE' }]),
    ).hooks;
    if (item?.kind !== 'INVALID') throw new Error('kind');
    expect(item.error.message).toContain('hooks.1.recipientSeq');
    expect(item.error.message).not.toContain('SECRET-VALUE');
    expect(item.error.issues[0]?.path).toEqual(['hooks', 1, 'recipientSeq']);
  });
});

describe("parseBizmessageWebhook: what NHN's own samples send", () => {
  it('a quoted recipientSeq ("1") is read as the number, beside numeric ones', () => {
    const { hooks } = parseBizmessageWebhook(
      envelope('MESSAGE_RESULT_UPDATE', [
        { hookId: 'a', recipientSeq: '1' },
        { hookId: 'b', recipientSeq: 2 },
        { hookId: 'c', recipientSeq: null },
      ]),
    );
    expect(hooks.map((item) => item.kind)).toEqual([
      'MESSAGE_RESULT_UPDATE',
      'MESSAGE_RESULT_UPDATE',
      'MESSAGE_RESULT_UPDATE',
    ]);
    expect(
      hooks.map((item) => (item.kind === 'MESSAGE_RESULT_UPDATE' ? item.hook.recipientSeq : 'x')),
    ).toEqual([1, 2, null]);
  });
});

import { describe, expect, it, vi } from 'vitest';
import { MemoryIdempotencyStore } from '../../src/idempotency/memory-store.js';
import { createBizmessageReceiver } from '../../src/kakao/bizmessage/bizmessage-receiver.js';
import { bizmessageRequest, envelope, fixture, NHN_SIGNATURE } from './support.js';

function make(options: Partial<Parameters<typeof createBizmessageReceiver>[0]> = {}) {
  const onError = vi.fn();
  const receiver = createBizmessageReceiver({ signature: NHN_SIGNATURE, onError, ...options });
  return { receiver, onError };
}

async function json(response: Response): Promise<unknown> {
  return JSON.parse(await response.text());
}

describe('createBizmessageReceiver: configuration', () => {
  it.each([
    ['no options', undefined],
    ['no signature', {}],
    ['an undefined signature (unset env var)', { signature: undefined }],
    ['an empty signature', { signature: '' }],
    ['a blank signature', { signature: '   ' }],
    ['an empty list', { signature: [] }],
    ['a list with an empty entry', { signature: ['ok', ''] }],
  ])('refuses to start with %s (never fails open)', (_label, options) => {
    expect(() => createBizmessageReceiver(options as never)).toThrow(TypeError);
    expect(() => createBizmessageReceiver(options as never)).toThrow(
      /\[momotalk-bot-sdk\] createBizmessageReceiver/,
    );
  });

  it('never puts the configured signature in an error message', () => {
    expect(() => createBizmessageReceiver({ signature: ['s3cr3t-one', 42 as never] })).toThrow(
      /signature\[1\] is empty or not a string/,
    );
    try {
      createBizmessageReceiver({ signature: ['s3cr3t-one', 42 as never] });
    } catch (error) {
      expect(String(error)).not.toContain('s3cr3t-one');
    }
  });

  it('on() accepts only documented events', () => {
    const { receiver } = make();
    expect(() => receiver.on('TEMPLATE_STATUS_UPDATE' as never, () => {})).toThrow(/onTemplateStatus/);
  });
});

describe('createBizmessageReceiver: the seed and KAKAO.md deliveries', () => {
  it("accepts the seed's cURL sample once its signature header is the configured text (X-Secret-Key plays no part)", async () => {
    const { receiver } = make();
    const hooks: unknown[] = [];
    receiver.on('MESSAGE_RESULT_UPDATE', (hook, ctx) => {
      hooks.push([hook.hookId, hook.resultCode, ctx.envelope.hooksId, ctx.index]);
    });
    const response = await receiver(
      bizmessageRequest(fixture('bizmessage-seed-curl.json'), { 'x-secret-key': 'anything' }),
    );
    expect(response.status).toBe(200);
    expect(await json(response)).toEqual({ ok: true });
    expect(hooks).toEqual([['seed-hook-1', 'MRC01', '202007271010101010sadasdavas', 0]]);
  });

  it("rejects the seed's sample exactly as printed: its signature header is a copy-paste slip", async () => {
    const { receiver } = make();
    const response = await receiver(
      bizmessageRequest(fixture('bizmessage-seed-curl.json'), {
        'x-toast-webhook-signature': 'application/json;charset=UTF-8',
        'x-secret-key': NHN_SIGNATURE,
      }),
    );
    expect(response.status).toBe(401);
    expect(await json(response)).toEqual({ error: 'invalid_signature' });
  });

  it('handles the KAKAO.md example delivery', async () => {
    const { receiver } = make();
    const seen = vi.fn();
    receiver.on('MESSAGE_RESULT_UPDATE', seen);
    expect((await receiver(bizmessageRequest(fixture('bizmessage-kakao-md.json')))).status).toBe(200);
    expect(seen).toHaveBeenCalledOnce();
    expect(seen.mock.calls[0]?.[0]).toMatchObject({ hookId: 'h-1', isAddedChannel: null });
  });

  it('dispatches template hooks to onTemplateStatus and other events to onUnknown, answering 2xx', async () => {
    const { receiver } = make();
    const template = vi.fn();
    const unknown = vi.fn();
    const messageResult = vi.fn();
    receiver.onTemplateStatus(template).onUnknown(unknown).on('MESSAGE_RESULT_UPDATE', messageResult);
    expect((await receiver(bizmessageRequest(fixture('bizmessage-template-status.json')))).status).toBe(200);
    expect((await receiver(bizmessageRequest(envelope('UNSUBSCRIBE', [{ hookId: 'u-1' }])))).status).toBe(
      200,
    );
    expect(template.mock.calls.map(([hook]) => hook.templateCode)).toEqual(['welcome_v2']);
    expect(unknown.mock.calls.map(([hook, ctx]) => [hook.hookId, ctx.event])).toEqual([
      ['u-1', 'UNSUBSCRIBE'],
    ]);
    expect(messageResult).not.toHaveBeenCalled();
  });

  it('takes an onUnknown option too, run after the handlers added with onUnknown()', async () => {
    const order: string[] = [];
    const { receiver } = make({ onUnknown: (hook) => void order.push(`option:${String(hook.hookId)}`) });
    receiver.onUnknown((hook) => void order.push(`method:${String(hook.hookId)}`));
    expect((await receiver(bizmessageRequest(envelope('UNSUBSCRIBE', [{ hookId: 'u-1' }])))).status).toBe(
      200,
    );
    expect(order).toEqual(['method:u-1', 'option:u-1']);
    expect(() => make({ onUnknown: 'nope' as never })).toThrow(
      /the onUnknown option needs a handler function/,
    );
  });

  it('acknowledges unknown events even with no handler registered', async () => {
    const { receiver } = make();
    expect((await receiver(bizmessageRequest(envelope('CONVERSION_BLOCK', [{ x: 1 }])))).status).toBe(200);
  });
});

describe('createBizmessageReceiver: many hooks, deduplicated per hookId', () => {
  it('dispatches every hook in order, and a redelivery (new hooksId, same hookIds) processes none again', async () => {
    const { receiver } = make();
    const seen: string[] = [];
    receiver.on('MESSAGE_RESULT_UPDATE', (hook) => {
      seen.push(hook.hookId);
    });
    const hooks = [{ hookId: 'a' }, { hookId: 'b' }, { hookId: 'c' }];
    expect((await receiver(bizmessageRequest(envelope('MESSAGE_RESULT_UPDATE', hooks)))).status).toBe(200);
    const again = envelope('MESSAGE_RESULT_UPDATE', [...hooks, { hookId: 'd' }], { hooksId: 'hooks-2' });
    expect((await receiver(bizmessageRequest(again))).status).toBe(200);
    expect(seen).toEqual(['a', 'b', 'c', 'd']);
  });

  it('a failing hook gives 500 and onError; the redelivery runs only that hook again', async () => {
    const { receiver, onError } = make();
    const seen: string[] = [];
    let fail = true;
    receiver.on('MESSAGE_RESULT_UPDATE', (hook) => {
      seen.push(hook.hookId);
      if (hook.hookId === 'b' && fail) throw new Error('db down');
    });
    const body = envelope('MESSAGE_RESULT_UPDATE', [{ hookId: 'a' }, { hookId: 'b' }]);
    const first = await receiver(bizmessageRequest(body));
    expect(first.status).toBe(500);
    expect(onError).toHaveBeenCalledOnce();
    // The same fields as the MoMoTalk handler's WebhookErrorInfo: phase, event, eventId.
    const info = onError.mock.calls[0]?.[1];
    expect(info).toMatchObject({
      phase: 'process',
      eventId: 'b',
      event: { kind: 'MESSAGE_RESULT_UPDATE', key: 'b' },
    });
    expect(Object.keys(info).sort()).toEqual(['event', 'eventId', 'phase']);
    fail = false;
    expect((await receiver(bizmessageRequest(body))).status).toBe(200);
    expect(seen).toEqual(['a', 'b', 'b']);
  });

  it('uses a shared IdempotencyStore: a second receiver skips hooks the first processed', async () => {
    const store = new MemoryIdempotencyStore();
    const first = make({ dedupe: { store } }).receiver;
    const second = make({ dedupe: { store } }).receiver;
    const handler = vi.fn();
    first.on('MESSAGE_RESULT_UPDATE', handler);
    second.on('MESSAGE_RESULT_UPDATE', handler);
    const body = fixture('bizmessage-kakao-md.json');
    await first(bizmessageRequest(body));
    await second(bizmessageRequest(body));
    expect(handler).toHaveBeenCalledOnce();
  });
});

describe('createBizmessageReceiver: one odd hook never sinks the valid hooks of its envelope', () => {
  const body = envelope('MESSAGE_RESULT_UPDATE', [
    { hookId: 'good-1', resultCode: '1000', recipientSeq: 1 },
    { hookId: 'quoted', resultCode: '1000', recipientSeq: '2' }, // as NHN's own sample sends it
    { hookId: 'bad', resultCode: 1000, recipientNo: '01012345678' },
    'not a hook',
    { hookId: 'good-2', resultCode: '3015' },
  ]);

  it('processes the valid hooks, reports the invalid ones to onInvalidHook, and answers 200', async () => {
    const { receiver, onError } = make();
    const seen: unknown[] = [];
    const invalid: unknown[] = [];
    receiver
      .on('MESSAGE_RESULT_UPDATE', (hook) => {
        seen.push([hook.hookId, hook.recipientSeq]);
      })
      .onInvalidHook((_hook, error, ctx) => {
        invalid.push([ctx.index, ctx.key, error.reason]);
      });
    const response = await receiver(bizmessageRequest(body));
    expect(response.status).toBe(200);
    expect(seen).toEqual([
      ['good-1', 1],
      ['quoted', 2],
      ['good-2', undefined],
    ]);
    expect(invalid).toEqual([
      [2, 'bad', 'invalid_payload'],
      [3, 'hooks-1#3', 'invalid_payload'],
    ]);
    expect(onError).not.toHaveBeenCalled();
  });

  it('without an invalid-hook handler, warns (no hook values) and still answers 200', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const { receiver } = make();
      const seen: string[] = [];
      receiver.on('MESSAGE_RESULT_UPDATE', (hook) => {
        seen.push(hook.hookId);
      });
      expect((await receiver(bizmessageRequest(body))).status).toBe(200);
      expect(seen).toEqual(['good-1', 'quoted', 'good-2']);
      expect(warn).toHaveBeenCalledTimes(2);
      expect(String(warn.mock.calls[0]?.[0])).toMatch(/hook #2 \(bad\).*hooks\.2\.resultCode.*onInvalidHook/);
      expect(warn.mock.calls.flat().join(' ')).not.toContain('01012345678');
    } finally {
      warn.mockRestore();
    }
  });

  it('an invalid hook is deduplicated apart: a later, valid copy of it is still processed', async () => {
    const { receiver } = make();
    const seen: string[] = [];
    const invalid: string[] = [];
    receiver
      .on('MESSAGE_RESULT_UPDATE', (hook) => void seen.push(hook.hookId))
      .onInvalidHook((_hook, _error, ctx) => void invalid.push(ctx.key));
    const bad = envelope('MESSAGE_RESULT_UPDATE', [{ hookId: 'h-9', recipientSeq: 'x' }]);
    const good = envelope('MESSAGE_RESULT_UPDATE', [{ hookId: 'h-9', recipientSeq: 9 }]);
    for (const body of [bad, bad, good, good])
      expect((await receiver(bizmessageRequest(body))).status).toBe(200);
    expect(invalid).toEqual(['h-9']);
    expect(seen).toEqual(['h-9']);
  });

  it('the onInvalidHook option runs after the handlers added with onInvalidHook()', async () => {
    const calls: string[] = [];
    const { receiver } = make({
      onInvalidHook: (_hook, _error, ctx) => void calls.push(`option:${ctx.key}`),
    });
    receiver.onInvalidHook((_hook, _error, ctx) => void calls.push(`method:${ctx.key}`));
    await receiver(
      bizmessageRequest(envelope('MESSAGE_RESULT_UPDATE', [{ hookId: 'bad', recipientSeq: 'x' }])),
    );
    expect(calls).toEqual(['method:bad', 'option:bad']);
  });
});

describe('createBizmessageReceiver: bad requests', () => {
  it.each([
    ['a missing signature', { 'x-toast-webhook-signature': '' }, 'missing_signature'],
    ['a wrong signature', { 'x-toast-webhook-signature': 'guess' }, 'invalid_signature'],
    [
      'a signature with a different case',
      { 'x-toast-webhook-signature': NHN_SIGNATURE.toUpperCase() },
      'invalid_signature',
    ],
    [
      'a prefix of the signature',
      { 'x-toast-webhook-signature': NHN_SIGNATURE.slice(0, -1) },
      'invalid_signature',
    ],
  ])('401 for %s, without calling any handler', async (_label, headers, code) => {
    const { receiver, onError } = make();
    const handler = vi.fn();
    receiver.on('MESSAGE_RESULT_UPDATE', handler);
    const response = await receiver(bizmessageRequest(fixture('bizmessage-kakao-md.json'), headers));
    expect(response.status).toBe(401);
    expect(await json(response)).toEqual({ error: code });
    expect(handler).not.toHaveBeenCalled();
    expect(onError).not.toHaveBeenCalled();
  });

  it('accepts any of several configured signatures (rotation)', async () => {
    const { receiver } = make({ signature: ['old-text', NHN_SIGNATURE] });
    expect((await receiver(bizmessageRequest(fixture('bizmessage-kakao-md.json')))).status).toBe(200);
  });

  it.each([
    ['an empty body', '', 'invalid_json'],
    ['invalid JSON', '{"hooksId":"x","hooks":[', 'invalid_json'],
    [
      'hooks not an array',
      JSON.stringify({ hooksId: 'x', event: 'MESSAGE_RESULT_UPDATE', hooks: 'h' }),
      'invalid_payload',
    ],
  ])('400 for %s', async (_label, body, code) => {
    const { receiver } = make();
    const response = await receiver(bizmessageRequest(body));
    expect(response.status).toBe(400);
    expect(await json(response)).toEqual({ error: code });
  });

  it('authenticates before parsing: an invalid body with a wrong signature gets 401', async () => {
    const { receiver } = make();
    expect((await receiver(bizmessageRequest('not json', { 'x-toast-webhook-signature': 'x' }))).status).toBe(
      401,
    );
  });

  it('413 past maxBodyBytes', async () => {
    const { receiver } = make({ maxBodyBytes: 64 });
    const response = await receiver(bizmessageRequest(fixture('bizmessage-kakao-md.json')));
    expect(response.status).toBe(413);
  });

  it('405 for GET', async () => {
    const { receiver } = make();
    const response = await receiver(new Request('https://bot.example/hooks/nhn'));
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
  });

  it('never answers with the configured signature', async () => {
    const { receiver } = make();
    for (const request of [
      bizmessageRequest('{'),
      bizmessageRequest('{}', { 'x-toast-webhook-signature': 'x' }),
      bizmessageRequest(fixture('bizmessage-kakao-md.json')),
    ]) {
      expect(await (await receiver(request)).text()).not.toContain(NHN_SIGNATURE);
    }
  });
});

describe('createBizmessageReceiver: acknowledge before processing', () => {
  it('answers 200 even when a handler fails, reporting it to onError; drain() waits for the work', async () => {
    const { receiver, onError } = make({ acknowledge: 'before-processing' });
    receiver.on('MESSAGE_RESULT_UPDATE', async () => {
      throw new Error('boom');
    });
    expect((await receiver(bizmessageRequest(fixture('bizmessage-kakao-md.json')))).status).toBe(200);
    await receiver.drain();
    expect(onError).toHaveBeenCalledOnce();
    expect(receiver.pendingTasks).toBe(0);
  });
});

describe('createBizmessageReceiver as a WebhookReceiver', () => {
  it('handleDelivery works on the pipeline ports directly', async () => {
    const { receiver } = make();
    const handler = vi.fn();
    receiver.on('MESSAGE_RESULT_UPDATE', handler);
    const body = new TextEncoder().encode(fixture('bizmessage-kakao-md.json'));
    const response = await receiver.handleDelivery({
      method: 'POST',
      url: '/hooks/nhn',
      header: (name) => (name === 'x-toast-webhook-signature' ? NHN_SIGNATURE : undefined),
      readBody: async () => body,
    });
    expect(response.status).toBe(200);
    expect(handler).toHaveBeenCalledOnce();
  });
});

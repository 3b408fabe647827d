import { describe, expect, it, vi } from 'vitest';
import * as z from 'zod/mini';
import { createTalkShareReceiver } from '../../src/kakao/talk-share/talk-share-receiver.js';
import { ADMIN_KEY, fixture, talkShareRequest } from './support.js';

function make(options: Partial<Parameters<typeof createTalkShareReceiver>[0]> = {}) {
  const onError = vi.fn();
  const receiver = createTalkShareReceiver({ adminKey: ADMIN_KEY, onError, ...options });
  return { receiver, onError };
}

async function json(response: Response): Promise<unknown> {
  return JSON.parse(await response.text());
}

const KAKAO_MD_QUERY = 'CHAT_TYPE=MultiChat&HASH_CHAT_ID=9f2c1e&TEMPLATE_ID=12345&shareId=abc123&uid=u_42';

describe('createTalkShareReceiver: configuration', () => {
  it.each([
    ['no options', undefined],
    ['no admin key', {}],
    ['an undefined admin key (unset env var)', { adminKey: undefined }],
    ['an empty admin key', { adminKey: '' }],
    ['an empty list', { adminKey: [] }],
  ])('refuses to start with %s (never fails open)', (_label, options) => {
    expect(() => createTalkShareReceiver(options as never)).toThrow(/createTalkShareReceiver: .*adminKey/);
  });

  it('onShare() needs a function', () => {
    expect(() => make().receiver.onShare('nope' as never)).toThrow(TypeError);
  });
});

describe('createTalkShareReceiver: the seed and KAKAO.md deliveries', () => {
  it("GET: the seed's cURL sample", async () => {
    const { receiver } = make();
    const shares: unknown[] = [];
    receiver.onShare((share, ctx) => {
      shares.push([share, ctx.resourceId, ctx.userAgent]);
    });
    const response = await receiver(talkShareRequest({ query: fixture('talk-share-seed-get-query.txt') }));
    expect(response.status).toBe(200);
    await receiver.drain();
    expect(shares).toEqual([
      [
        {
          CHAT_TYPE: 'MemoChat',
          HASH_CHAT_ID: 'hash-chat-1',
          TEMPLATE_ID: 10000,
          serverCallbackArgs: { custom_parameter_key: 'custom_parameter_value' },
        },
        'Rvy1c2dkzBAZ5hGD3rqYbxvr',
        'KakaoOpenAPI/1.0',
      ],
    ]);
  });

  it("POST: the seed's cURL sample (application/json)", async () => {
    const { receiver } = make();
    const onShare = vi.fn();
    receiver.onShare(onShare);
    const request = talkShareRequest({
      body: fixture('talk-share-seed-post-body.txt'),
      contentType: 'application/json',
    });
    expect((await receiver(request)).status).toBe(200);
    await receiver.drain();
    expect(onShare.mock.calls[0]?.[0]).toMatchObject({ CHAT_TYPE: 'MemoChat', TEMPLATE_ID: 10000 });
  });

  it('POST: a form body, and a JSON body without a Content-Type', async () => {
    const { receiver } = make({ dedupe: false });
    const onShare = vi.fn();
    receiver.onShare(onShare);
    await receiver(
      talkShareRequest({ body: KAKAO_MD_QUERY, contentType: 'application/x-www-form-urlencoded' }),
    );
    await receiver(talkShareRequest({ body: fixture('talk-share-seed-post-body.txt') }));
    await receiver.drain();
    expect(onShare.mock.calls.map(([share]) => share.HASH_CHAT_ID)).toEqual(['9f2c1e', 'hash-chat-1']);
  });

  it('the KAKAO.md GET example, typed by a schema', async () => {
    const { receiver } = make({ serverCallbackArgs: z.object({ shareId: z.string(), uid: z.string() }) });
    const onShare = vi.fn();
    receiver.onShare(onShare);
    expect((await receiver(talkShareRequest({ query: KAKAO_MD_QUERY }))).status).toBe(200);
    await receiver.drain();
    expect(onShare.mock.calls[0]?.[0].serverCallbackArgs).toEqual({ shareId: 'abc123', uid: 'u_42' });
  });
});

describe('createTalkShareReceiver: acknowledge first, at most once', () => {
  it('answers 200 before the handler finishes', async () => {
    const { receiver } = make();
    let release: () => void = () => {};
    let finished = false;
    receiver.onShare(async () => {
      await new Promise<void>((resolve) => {
        release = resolve;
      });
      finished = true;
    });
    const response = await receiver(talkShareRequest({ query: KAKAO_MD_QUERY }));
    expect(response.status).toBe(200);
    expect(finished).toBe(false);
    expect(receiver.pendingTasks).toBe(1);
    release();
    await receiver.drain();
    expect(finished).toBe(true);
  });

  it('still answers 200 when the handler throws, reporting it to onError with the share and its resource id', async () => {
    const { receiver, onError } = make();
    receiver.onShare(() => {
      throw new Error('db down');
    });
    expect((await receiver(talkShareRequest({ query: KAKAO_MD_QUERY }))).status).toBe(200);
    await receiver.drain();
    expect(onError).toHaveBeenCalledOnce();
    // The same fields as the MoMoTalk handler's WebhookErrorInfo: phase, event, eventId.
    const info = onError.mock.calls[0]?.[1];
    expect(info).toMatchObject({
      phase: 'process',
      eventId: 'Rvy1c2dkzBAZ5hGD3rqYbxvr',
      event: { CHAT_TYPE: 'MultiChat', HASH_CHAT_ID: '9f2c1e' },
    });
    expect(Object.keys(info).sort()).toEqual(['event', 'eventId', 'phase']);
  });

  it('ignores the acknowledge option of a JavaScript caller: always before-processing', async () => {
    const { receiver } = make({ acknowledge: 'after-processing' } as never);
    receiver.onShare(() => {
      throw new Error('boom');
    });
    expect((await receiver(talkShareRequest({ query: KAKAO_MD_QUERY }))).status).toBe(200);
    await receiver.drain();
  });

  it('hands background work to the platform waitUntil when there is one', async () => {
    const { receiver } = make();
    const onShare = vi.fn();
    receiver.onShare(onShare);
    const waitUntil = vi.fn();
    await receiver(talkShareRequest({ query: KAKAO_MD_QUERY }), {}, { waitUntil });
    expect(waitUntil).toHaveBeenCalledOnce();
    await waitUntil.mock.calls[0]?.[0];
    expect(onShare).toHaveBeenCalledOnce();
  });

  it('deduplicates on X-Kakao-Resource-ID', async () => {
    const { receiver } = make();
    const onShare = vi.fn();
    receiver.onShare(onShare);
    await receiver(talkShareRequest({ query: KAKAO_MD_QUERY }));
    await receiver.drain();
    await receiver(talkShareRequest({ query: KAKAO_MD_QUERY }));
    await receiver(talkShareRequest({ query: KAKAO_MD_QUERY }, { 'x-kakao-resource-id': 'other-id' }));
    await receiver.drain();
    expect(onShare).toHaveBeenCalledTimes(2);
  });

  it('processes a delivery without X-Kakao-Resource-ID, undeduplicated', async () => {
    const { receiver } = make();
    const onShare = vi.fn();
    receiver.onShare(onShare);
    await receiver(talkShareRequest({ query: KAKAO_MD_QUERY }, { 'x-kakao-resource-id': '' }));
    await receiver(talkShareRequest({ query: KAKAO_MD_QUERY }, { 'x-kakao-resource-id': '' }));
    await receiver.drain();
    expect(onShare).toHaveBeenCalledTimes(2);
    expect(onShare.mock.calls[0]?.[1].resourceId).toBeUndefined();
  });
});

describe('createTalkShareReceiver: bad requests', () => {
  it.each([
    ['a missing Authorization', { authorization: '' }, 'missing_authorization'],
    ['a wrong admin key', { authorization: 'KakaoAK wrong' }, 'invalid_authorization'],
    ['the admin key without the scheme', { authorization: ADMIN_KEY }, 'invalid_authorization'],
    ['another scheme', { authorization: `Bearer ${ADMIN_KEY}` }, 'invalid_authorization'],
    ['trailing garbage', { authorization: `KakaoAK ${ADMIN_KEY} x` }, 'invalid_authorization'],
    ['a prefix of the key', { authorization: `KakaoAK ${ADMIN_KEY.slice(0, -1)}` }, 'invalid_authorization'],
  ])('401 for %s, without calling the handler', async (_label, headers, code) => {
    const { receiver, onError } = make();
    const onShare = vi.fn();
    receiver.onShare(onShare);
    const response = await receiver(talkShareRequest({ query: KAKAO_MD_QUERY }, headers));
    expect(response.status).toBe(401);
    expect(await json(response)).toEqual({ error: code });
    await receiver.drain();
    expect(onShare).not.toHaveBeenCalled();
    expect(onError).not.toHaveBeenCalled();
  });

  it('401 when the header is absent altogether', async () => {
    const { receiver } = make();
    const response = await receiver(new Request(`https://bot.example/cb?${KAKAO_MD_QUERY}`));
    expect(response.status).toBe(401);
  });

  it('accepts the scheme in any case, and any of several admin keys', async () => {
    const { receiver } = make({ adminKey: ['old-key', ADMIN_KEY] });
    const response = await receiver(
      talkShareRequest({ query: KAKAO_MD_QUERY }, { authorization: `kakaoak ${ADMIN_KEY}` }),
    );
    expect(response.status).toBe(200);
  });

  it.each([
    [
      'a GET with a repeated CHAT_TYPE',
      { query: `${KAKAO_MD_QUERY}&CHAT_TYPE=OpenMultiChat` },
      'repeated_parameter',
    ],
    ['a GET without parameters', { query: '' }, 'invalid_payload'],
    ['an empty POST body', { body: '', contentType: 'application/json' }, 'invalid_payload'],
    ['invalid JSON', { body: '{"CHAT_TYPE":', contentType: 'application/json' }, 'invalid_json'],
    [
      'a non-numeric TEMPLATE_ID',
      { query: 'CHAT_TYPE=MemoChat&HASH_CHAT_ID=h&TEMPLATE_ID=abc' },
      'invalid_payload',
    ],
  ])('400 for %s', async (_label, init, code) => {
    const { receiver } = make();
    const onShare = vi.fn();
    receiver.onShare(onShare);
    const response = await receiver(talkShareRequest(init));
    expect(response.status).toBe(400);
    expect(await json(response)).toEqual({ error: code });
    await receiver.drain();
    expect(onShare).not.toHaveBeenCalled();
  });

  it('400 when the args fail the schema', async () => {
    const { receiver } = make({ serverCallbackArgs: z.object({ shareId: z.string() }) });
    expect((await receiver(talkShareRequest({ query: 'CHAT_TYPE=MemoChat&HASH_CHAT_ID=h' }))).status).toBe(
      400,
    );
  });

  it('413 past maxBodyBytes', async () => {
    const { receiver } = make({ maxBodyBytes: 32 });
    const body = JSON.stringify({ CHAT_TYPE: 'MemoChat', HASH_CHAT_ID: 'h', pad: 'x'.repeat(64) });
    expect((await receiver(talkShareRequest({ body, contentType: 'application/json' }))).status).toBe(413);
  });

  it('405 for PUT; methods narrows to the registered one', async () => {
    expect((await make().receiver(talkShareRequest({ method: 'PUT', body: '{}' }))).status).toBe(405);
    const getOnly = make({ methods: ['GET'] }).receiver;
    const response = await getOnly(talkShareRequest({ body: fixture('talk-share-seed-post-body.txt') }));
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET');
  });

  it('never answers with the admin key', async () => {
    const { receiver } = make();
    const response = await receiver(
      talkShareRequest({ query: KAKAO_MD_QUERY }, { authorization: 'KakaoAK x' }),
    );
    expect(await response.text()).not.toContain(ADMIN_KEY);
  });
});

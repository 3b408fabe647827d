import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createBizmessageReceiver } from '../../src/kakao/bizmessage/bizmessage-receiver.js';
import { parseBizmessageWebhook } from '../../src/kakao/bizmessage/parse-bizmessage-webhook.js';
import { isKakaoPayloadError } from '../../src/kakao/kakao-payload-error.js';
import { parseTalkShareParams } from '../../src/kakao/talk-share/parse-talk-share-params.js';
import { readTalkShareParams } from '../../src/kakao/talk-share/read-talk-share-request.js';
import { createTalkShareReceiver } from '../../src/kakao/talk-share/talk-share-receiver.js';
import { ADMIN_KEY, NHN_SIGNATURE } from './support.js';

const delivery = (method: string, url: string, headers: Record<string, string>, body: Uint8Array) => ({
  method,
  url,
  header: (name: string) => headers[name],
  readBody: async () => body,
});

/** JSON-ish bodies: arbitrary JSON values, envelopes with arbitrary hooks, and raw strings. */
const bodies = fc.oneof(
  fc.string(),
  fc.json(),
  fc
    .record({
      hooksId: fc.oneof(fc.string(), fc.integer()),
      event: fc.oneof(fc.constantFrom('MESSAGE_RESULT_UPDATE', 'TEMPLATE_STATUS_UPDATE', 'X'), fc.string()),
      hooks: fc.oneof(fc.array(fc.jsonValue()), fc.jsonValue()),
    })
    .map((value) => JSON.stringify(value)),
);

describe('hostile input never throws out of the parsers or the receivers', () => {
  it('parseBizmessageWebhook throws only KakaoPayloadError', () => {
    fc.assert(
      fc.property(bodies, (body) => {
        try {
          parseBizmessageWebhook(body);
        } catch (error) {
          expect(isKakaoPayloadError(error)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('readTalkShareParams + parseTalkShareParams throw only KakaoPayloadError', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('GET', 'POST'),
        fc.string(),
        fc.option(fc.constantFrom('application/json', 'application/x-www-form-urlencoded', 'text/plain')),
        bodies,
        (method, query, contentType, body) => {
          try {
            const params = readTalkShareParams(
              method,
              `https://x/cb?${query}`,
              contentType ?? undefined,
              new TextEncoder().encode(body),
            );
            parseTalkShareParams(params);
          } catch (error) {
            expect(isKakaoPayloadError(error)).toBe(true);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('the receivers answer every authentic request with 200 or 400, never 500', async () => {
    const bizmessage = createBizmessageReceiver({
      signature: NHN_SIGNATURE,
      dedupe: false,
      onError: () => {},
    });
    const talkShare = createTalkShareReceiver({ adminKey: ADMIN_KEY, dedupe: false, onError: () => {} });
    await fc.assert(
      fc.asyncProperty(bodies, fc.string(), async (body, query) => {
        const bytes = new TextEncoder().encode(body);
        const nhn = await bizmessage.handleDelivery(
          delivery('POST', '/', { 'x-toast-webhook-signature': NHN_SIGNATURE }, bytes),
        );
        expect([200, 400]).toContain(nhn.status);
        const get = await talkShare.handleDelivery(
          delivery('GET', `/cb?${query}`, { authorization: `KakaoAK ${ADMIN_KEY}` }, new Uint8Array()),
        );
        const post = await talkShare.handleDelivery(
          delivery('POST', '/cb', { authorization: `KakaoAK ${ADMIN_KEY}` }, bytes),
        );
        expect([200, 400]).toContain(get.status);
        expect([200, 400]).toContain(post.status);
      }),
      { numRuns: 200 },
    );
    await talkShare.drain();
  });

  it('arbitrary credentials are refused with 401', async () => {
    const bizmessage = createBizmessageReceiver({ signature: NHN_SIGNATURE });
    const talkShare = createTalkShareReceiver({ adminKey: ADMIN_KEY });
    await fc.assert(
      fc.asyncProperty(fc.string(), async (value) => {
        fc.pre(value !== NHN_SIGNATURE && value.trim() !== ADMIN_KEY && !value.endsWith(` ${ADMIN_KEY}`));
        const body = new TextEncoder().encode('{"hooksId":"x","hooks":[]}');
        const nhn = await bizmessage.handleDelivery(
          delivery('POST', '/', { 'x-toast-webhook-signature': value }, body),
        );
        const share = await talkShare.handleDelivery(
          delivery(
            'GET',
            '/cb?CHAT_TYPE=MemoChat&HASH_CHAT_ID=h',
            { authorization: value },
            new Uint8Array(),
          ),
        );
        expect(nhn.status).toBe(401);
        expect(share.status).toBe(401);
      }),
      { numRuns: 200 },
    );
  });
});

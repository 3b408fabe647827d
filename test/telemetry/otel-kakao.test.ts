import { SpanKind } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { createBizmessageReceiver } from '../../src/kakao/bizmessage/bizmessage-receiver.js';
import { createTalkShareReceiver } from '../../src/kakao/talk-share/talk-share-receiver.js';
import { ADMIN_KEY, bizmessageRequest, fixture, NHN_SIGNATURE, talkShareRequest } from '../kakao/support.js';
import { recorder } from './support.js';

function serverSpan(spans: readonly ReadableSpan[]): ReadableSpan {
  const found = spans.filter((span) => span.kind === SpanKind.SERVER);
  expect(found).toHaveLength(1);
  return found[0] as ReadableSpan;
}

describe('OpenTelemetry on the Kakao receivers (the same pipeline)', () => {
  it('Bizmessage: a span per hook handler, the receiver named; a wrong signature is refused at verify', async () => {
    const { telemetry, finished, points } = recorder();
    const receiver = createBizmessageReceiver({ signature: NHN_SIGNATURE, telemetry, onRejected: () => {} });
    receiver.on('MESSAGE_RESULT_UPDATE', () => {});
    expect((await receiver(bizmessageRequest(fixture('bizmessage-kakao-md.json')))).status).toBe(200);
    const delivery = serverSpan(finished());
    expect(delivery.attributes).toMatchObject({
      'momotalk.receiver': 'kakao.bizmessage',
      'momotalk.delivery.outcome': 'processed',
      'url.path': '/hooks/nhn',
    });
    const handlers = finished().filter((span) => span.name === 'momotalk.handler');
    expect(handlers.length).toBeGreaterThan(0);
    for (const handler of handlers) {
      expect(handler.attributes['momotalk.receiver']).toBe('kakao.bizmessage');
      expect(typeof handler.attributes['momotalk.event.id']).toBe('string');
    }
    const forged = await receiver(
      bizmessageRequest(fixture('bizmessage-kakao-md.json'), { 'x-toast-webhook-signature': 'not-it' }),
    );
    expect(forged.status).toBe(401);
    const reasons = (await points('momotalk.webhook.deliveries')).map(
      (point) => point.attributes['momotalk.refusal.reason'],
    );
    expect(reasons).toContain('invalid_signature');
    expect(JSON.stringify(finished().map((span) => span.attributes))).not.toContain(NHN_SIGNATURE);
  });

  it('Talk Share: acknowledged first, the query is never recorded, nor the admin key', async () => {
    const { telemetry, finished } = recorder();
    const receiver = createTalkShareReceiver({ adminKey: ADMIN_KEY, telemetry });
    receiver.onShare(() => {});
    const query = fixture('talk-share-seed-get-query.txt');
    expect((await receiver(talkShareRequest({ query }))).status).toBe(200);
    await receiver.drain();
    const delivery = serverSpan(finished());
    expect(delivery.attributes).toMatchObject({
      'http.request.method': 'GET',
      'url.path': '/kakao/share',
      'momotalk.receiver': 'kakao.talk_share',
      'momotalk.delivery.outcome': 'acknowledged',
    });
    const handler = finished().find((span) => span.name === 'momotalk.handler') as ReadableSpan;
    expect(handler.attributes['momotalk.event.id']).toBe('Rvy1c2dkzBAZ5hGD3rqYbxvr');
    const text = JSON.stringify(finished().map((span) => span.attributes));
    expect(text).not.toContain(ADMIN_KEY);
    expect(text).not.toContain(query.slice(0, 20));
  });
});

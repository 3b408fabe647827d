import { inspect } from 'node:util';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BotClient } from '../../src/client/bot-client.js';
import { createWebhookHandler } from '../../src/momotalk/handler/create-webhook-handler.js';
import { messageEvent, SECRET, signedRequest } from '../handler/support.js';
import { parentOf, recorder } from './support.js';

const TOKEN = 'otel-test-bot-token-0123456789';
const API = 'https://bot-api.test/api';
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

/** A handler and a client sharing one `openTelemetry()` on in-memory exporters. */
function setup(options: { acknowledge?: 'before-processing' } = {}) {
  const rec = recorder();
  const client = new BotClient({
    botId: 'bot_test',
    token: TOKEN,
    baseUrl: API,
    telemetry: rec.telemetry,
    retry: { baseDelay: 1, maxDelay: 2 },
  });
  const handler = createWebhookHandler({
    secret: SECRET,
    telemetry: rec.telemetry,
    client,
    onError: () => {},
    onRejected: () => {},
    ...options,
  });
  return { ...rec, handler, client };
}

function answerSends(...statuses: number[]) {
  const queue = [...statuses];
  server.use(
    http.post(`${API}/bots/bot_test/messages`, () => {
      const status = queue.shift() ?? 200;
      if (status === 429)
        return HttpResponse.json({ error: 'slow down' }, { status, headers: { 'retry-after': '0' } });
      return HttpResponse.json(status === 200 ? { message_id: 789 } : { error: 'x' }, { status });
    }),
  );
}

/** The delivery's span (the client's sends are named POST too). */
function serverSpan(spans: readonly ReadableSpan[]): ReadableSpan {
  const found = spans.filter((candidate) => candidate.kind === SpanKind.SERVER);
  expect(found).toHaveLength(1);
  return found[0] as ReadableSpan;
}

/** Every rendering of the spans an exporter would ship. */
function rendered(spans: readonly ReadableSpan[]): string {
  return spans
    .map((span) =>
      inspect(
        { name: span.name, attributes: span.attributes, events: span.events, status: span.status },
        { depth: 10 },
      ),
    )
    .join('\n');
}

describe('OpenTelemetry on the Fetch handler', () => {
  it('a processed delivery: server span, its steps, the handler span and the reply under it', async () => {
    const { handler, span, finished, points } = setup();
    answerSends(200);
    handler.on('talk.message_created', (event, ctx) => ctx.reply(`Echo: ${event.message.body}`));
    const body = messageEvent('evt_otel_1');
    const response = await handler(signedRequest(body));
    expect(response.status).toBe(200);

    const delivery = serverSpan(finished());
    expect(delivery.kind).toBe(SpanKind.SERVER);
    expect(delivery.attributes).toMatchObject({
      'http.request.method': 'POST',
      'url.path': '/momotalk/webhook',
      'http.response.status_code': 200,
      'momotalk.receiver': 'momotalk',
      'momotalk.delivery.outcome': 'processed',
    });
    for (const step of [
      'momotalk.read',
      'momotalk.verify',
      'momotalk.parse',
      'momotalk.claim',
      'momotalk.handler',
    ]) {
      expect(parentOf(span(step)), step).toBe(delivery.spanContext().spanId);
    }
    expect(span('momotalk.claim').attributes['momotalk.step.result']).toBe('claimed');
    const handlerSpan = span('momotalk.handler');
    expect(handlerSpan.attributes).toMatchObject({
      'momotalk.event.id': 'evt_otel_1',
      'momotalk.event.type': 'talk.message_created',
      'momotalk.room.id': '123',
      'momotalk.bot.id': 'bot_test',
      'momotalk.handler.outcome': 'ok',
    });
    const send = finished().find((candidate) => candidate.kind === SpanKind.CLIENT) as ReadableSpan;
    expect(parentOf(send)).toBe(handlerSpan.spanContext().spanId);
    expect(send.attributes).toMatchObject({
      'http.request.method': 'POST',
      'url.full': `${API}/bots/bot_test/messages`,
      'server.address': 'bot-api.test',
      'server.port': 443,
      'http.response.status_code': 200,
      'momotalk.send.outcome': 'ok',
      'momotalk.room.id': '123',
    });
    // Everything is one trace.
    expect(new Set(finished().map((one) => one.spanContext().traceId)).size).toBe(1);
    // Ids, never the secret, the token, the signature or the message body.
    const text = rendered(finished());
    for (const secret of [
      SECRET,
      TOKEN,
      'Echo: hello',
      '"hello"',
      signedRequest(body).headers.get('x-momotalk-bot-signature') as string,
    ]) {
      expect(text).not.toContain(secret);
    }

    expect(await points('momotalk.webhook.deliveries')).toEqual([
      {
        attributes: {
          'momotalk.receiver': 'momotalk',
          'momotalk.delivery.outcome': 'processed',
          'http.response.status_code': 200,
        },
        value: 1,
      },
    ]);
    const handled = await points('momotalk.handler.duration');
    expect(handled).toHaveLength(1);
    expect(handled[0]?.attributes).toEqual({
      'momotalk.receiver': 'momotalk',
      'momotalk.event.type': 'talk.message_created',
      'momotalk.handler.outcome': 'ok',
    });
    expect(handled[0]?.value).toMatchObject({ count: 1 });
    expect(await points('momotalk.client.sends')).toEqual([
      { attributes: { 'momotalk.send.outcome': 'ok', 'http.response.status_code': 200 }, value: 1 },
    ]);
    expect((await points('http.server.request.duration'))[0]?.value).toMatchObject({ count: 1 });
  });

  it('a failing handler: 500, the handler span and the delivery span failed, outcome failed', async () => {
    const { handler, span, points, finished } = setup();
    handler.on('talk.message_created', () => {
      throw new TypeError('handler bug');
    });
    const response = await handler(signedRequest(messageEvent('evt_otel_fail')));
    expect(response.status).toBe(500);
    const handlerSpan = span('momotalk.handler');
    expect(handlerSpan.status).toEqual({ code: SpanStatusCode.ERROR, message: 'TypeError' });
    expect(handlerSpan.attributes['error.type']).toBe('TypeError');
    expect(handlerSpan.events.map((event) => event.name)).toEqual(['exception']);
    const delivery = serverSpan(finished());
    expect(delivery.status.code).toBe(SpanStatusCode.ERROR);
    expect(delivery.attributes).toMatchObject({
      'error.type': '500',
      'momotalk.delivery.outcome': 'failed',
      'momotalk.refusal.reason': 'processing_failed',
    });
    expect(await points('momotalk.webhook.deliveries')).toEqual([
      {
        attributes: {
          'momotalk.receiver': 'momotalk',
          'momotalk.delivery.outcome': 'failed',
          'momotalk.refusal.reason': 'processing_failed',
          'http.response.status_code': 500,
        },
        value: 1,
      },
    ]);
    expect((await points('momotalk.handler.duration'))[0]?.attributes['momotalk.handler.outcome']).toBe(
      'error',
    );
  });

  it('a retried send: one client span with the 429 and the retry as events; retries and 429s counted', async () => {
    const { handler, finished, points } = setup();
    answerSends(429, 200);
    handler.on('talk.message_created', (_event, ctx) => ctx.reply('ok'));
    expect((await handler(signedRequest(messageEvent('evt_otel_retry')))).status).toBe(200);
    const sends = finished().filter((candidate) => candidate.kind === SpanKind.CLIENT);
    expect(sends).toHaveLength(1);
    const send = sends[0] as ReadableSpan;
    expect(send.events.map((event) => event.name)).toEqual(['rate_limited', 'retry']);
    expect(send.events[0]?.attributes).toMatchObject({
      'http.response.status_code': 429,
      'momotalk.retry_after_s': 0,
    });
    expect(send.events[1]?.attributes).toMatchObject({
      'http.request.resend_count': 1,
      'momotalk.retry.reason': '429',
    });
    expect(send.attributes).toMatchObject({
      'http.response.status_code': 200,
      'http.request.resend_count': 1,
    });
    expect(await points('momotalk.client.retries')).toEqual([
      { attributes: { 'momotalk.retry.reason': '429' }, value: 1 },
    ]);
    expect(await points('momotalk.client.rate_limited')).toEqual([
      { attributes: { 'server.address': 'bot-api.test' }, value: 1 },
    ]);
  });

  it('a send that fails: error status and type on its span; a timeout counts as ambiguous', async () => {
    const { client, finished, points } = setup();
    server.use(
      http.post(`${API}/bots/bot_test/messages`, () => HttpResponse.json({ error: 'bad' }, { status: 400 })),
    );
    await expect(client.sendMessage({ room_id: 1, body: 'x' })).rejects.toMatchObject({ status: 400 });
    server.use(http.post(`${API}/bots/bot_test/messages`, () => new Promise<never>(() => {})));
    await expect(
      client.sendMessage({ room_id: 1, body: 'x' }, { timeout: 30, retry: false }),
    ).rejects.toMatchObject({
      name: 'MoMoTalkTimeoutError',
    });
    const [bad, late] = finished().filter((candidate) => candidate.kind === SpanKind.CLIENT) as [
      ReadableSpan,
      ReadableSpan,
    ];
    expect(bad.status.code).toBe(SpanStatusCode.ERROR);
    expect(bad.attributes).toMatchObject({
      'error.type': '400',
      'momotalk.send.outcome': 'error',
      'http.response.status_code': 400,
    });
    expect(late.attributes).toMatchObject({
      'error.type': 'MoMoTalkTimeoutError',
      'momotalk.send.outcome': 'ambiguous',
    });
    expect(await points('momotalk.client.ambiguous_sends')).toEqual([
      { attributes: { 'error.type': 'MoMoTalkTimeoutError' }, value: 1 },
    ]);
    expect(await points('momotalk.client.sends')).toHaveLength(2);
  });

  it('a duplicate: the claim says so, no handler runs, outcome duplicate', async () => {
    const { handler, finished, points } = setup();
    let runs = 0;
    handler.on('talk.message_created', () => {
      runs++;
    });
    const body = messageEvent('evt_otel_dup');
    await handler(signedRequest(body));
    expect((await handler(signedRequest(body))).status).toBe(200);
    expect(runs).toBe(1);
    const claims = finished().filter((candidate) => candidate.name === 'momotalk.claim');
    expect(claims.map((claim) => claim.attributes['momotalk.step.result'])).toEqual(['claimed', 'duplicate']);
    expect(finished().filter((candidate) => candidate.name === 'momotalk.handler')).toHaveLength(1);
    const deliveries = await points('momotalk.webhook.deliveries');
    expect(deliveries.map((point) => [point.attributes['momotalk.delivery.outcome'], point.value])).toEqual([
      ['processed', 1],
      ['duplicate', 1],
    ]);
  });

  it('a forged request: verify fails, nothing is claimed or run, refused with the reason; not a server error', async () => {
    const { handler, span, names, points, finished } = setup();
    handler.on('talk.message_created', () => {
      throw new Error('must not run');
    });
    const forged = signedRequest(messageEvent('evt_otel_forged'), { secret: 'not-the-secret-at-all' });
    expect((await handler(forged)).status).toBe(401);
    expect(names()).toEqual(['momotalk.read', 'momotalk.verify', 'POST']);
    expect(span('momotalk.verify').attributes['momotalk.step.result']).toBe('invalid_signature');
    const delivery = serverSpan(finished());
    expect(delivery.status.code).toBe(SpanStatusCode.UNSET);
    expect(delivery.attributes).toMatchObject({
      'http.response.status_code': 401,
      'momotalk.delivery.outcome': 'refused',
      'momotalk.refusal.reason': 'invalid_signature',
    });
    // Refused before the body is read: a delivery span and nothing else.
    expect((await handler(signedRequest(messageEvent('evt_otel_nosig'), { signature: null }))).status).toBe(
      401,
    );
    expect(finished().filter((candidate) => candidate.name === 'momotalk.read')).toHaveLength(1);
    const refused = await points('momotalk.webhook.deliveries');
    expect(refused.map((point) => [point.attributes['momotalk.refusal.reason'], point.value])).toEqual([
      ['invalid_signature', 1],
      ['missing_signature', 1],
    ]);
    expect(rendered(finished())).not.toContain(forged.headers.get('x-momotalk-bot-signature') as string);
  });

  it('a secret lookup that throws: 500, and the verify span is ended, failed, under the delivery', async () => {
    const { telemetry, span, names, finished } = recorder();
    const handler = createWebhookHandler({
      getSecret: async () => {
        throw new Error('secret store down');
      },
      telemetry,
      onError: () => {},
    });
    expect((await handler(signedRequest(messageEvent('evt_otel_nosecret')))).status).toBe(500);
    expect(names()).toEqual(['momotalk.read', 'momotalk.verify', 'POST']);
    const verify = span('momotalk.verify');
    expect(verify.status.code).toBe(SpanStatusCode.ERROR);
    expect(parentOf(verify)).toBe(serverSpan(finished()).spanContext().spanId);
  });

  it('acknowledge first: outcome acknowledged; the handler span still nests under the delivery', async () => {
    const { handler, span, finished } = setup({ acknowledge: 'before-processing' });
    handler.on('talk.message_created', async () => {});
    expect((await handler(signedRequest(messageEvent('evt_otel_ack')))).status).toBe(200);
    await handler.drain();
    const delivery = serverSpan(finished());
    expect(delivery.attributes['momotalk.delivery.outcome']).toBe('acknowledged');
    expect(parentOf(span('momotalk.handler'))).toBe(delivery.spanContext().spanId);
    expect(finished()).toHaveLength(6); // the delivery, read, verify, parse, claim, handler
  });
});

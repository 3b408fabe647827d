// Receiver hardening over real servers: credentials before the body, duplicate credential
// headers, client aborts and close() against a client dripping its body.
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { type LambdaHttpEvent, lambdaWebhook } from '../../src/adapters/aws-lambda.js';
import { fastifyWebhook } from '../../src/adapters/fastify.js';
import { toNodeListener } from '../../src/adapters/node-http.js';
import type { WebhookReceiver } from '../../src/index.js';
import { createTalkShareReceiver } from '../../src/kakao/index.js';
import { signedHeaders } from './support/deliveries.js';
import { listen } from './support/listen.js';
import { makeReceiver } from './support/receiver.js';

/** Sends headers and a first chunk, then keeps the request open (a client dripping its body). */
function drip(url: string, headers: Record<string, string | string[]>) {
  const status = new Promise<number | undefined>((resolve) => {
    const client = request(url, { method: 'POST', headers: { ...headers, 'transfer-encoding': 'chunked' } });
    client.on('response', (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    client.on('error', () => resolve(undefined));
    client.write('{"event_id":');
  });
  return status;
}

/** Counts the deliveries that reached the receiver. */
function counting(receiver: WebhookReceiver): WebhookReceiver & { started: number } {
  const watched = {
    started: 0,
    handleDelivery: (delivery: Parameters<WebhookReceiver['handleDelivery']>[0]) => {
      watched.started += 1;
      return receiver.handleDelivery(delivery);
    },
  };
  return watched;
}

describe('credentials are checked before the body is read', () => {
  it('node:http: a dripping request without a well-formed signature is answered 401 at once', async () => {
    const receiver = makeReceiver();
    const server = await listen(createServer(toNodeListener(receiver)));
    try {
      expect(await drip(server.url, {})).toBe(401);
      expect(await drip(server.url, { 'x-momotalk-bot-signature': 'sha256=abc' })).toBe(401);
      expect(receiver.rejections).toEqual(['missing_signature', 'invalid_signature']);
    } finally {
      await server.close();
    }
  });

  it('node:http: Talk Share with a wrong Authorization is answered 401 without its body', async () => {
    const receiver = createTalkShareReceiver({ adminKey: 'right-key', onRejected: () => {} });
    const server = await listen(createServer(toNodeListener(receiver)));
    try {
      expect(await drip(server.url, { authorization: 'KakaoAK wrong-key' })).toBe(401);
    } finally {
      await server.close();
    }
  });
});

describe('duplicate credential headers are refused', () => {
  it('node:http: two Authorization headers (Node keeps only the first in req.headers) get 401', async () => {
    const shared: string[] = [];
    const receiver = createTalkShareReceiver({ adminKey: 'right-key', onRejected: () => {} }).onShare(() => {
      shared.push('share');
    });
    const server = await listen(createServer(toNodeListener(receiver)));
    try {
      const status = await new Promise<number | undefined>((resolve, reject) => {
        const req = request(`${server.url}?CHAT_TYPE=MemoChat&HASH_CHAT_ID=h&TEMPLATE_ID=1`, {
          method: 'GET',
          // Raw header pairs (then Host is not added for us): the object form allows one Authorization only.
          headers: [
            'host',
            new URL(server.url).host,
            'authorization',
            'KakaoAK right-key',
            'authorization',
            'KakaoAK other-key',
          ],
        });
        req.on('response', (res) => {
          res.resume();
          resolve(res.statusCode);
        });
        req.on('error', reject);
        req.end();
      });
      expect(status).toBe(401);
      expect(shared).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it('Lambda v1: the signature header under two spellings is refused, not resolved last-wins', async () => {
    const receiver = makeReceiver();
    const payload = new TextEncoder().encode('{"event_type":"x.unknown","event_id":"evt_dup"}');
    const good = signedHeaders(payload)['x-momotalk-bot-signature'] as string;
    const result = await lambdaWebhook(receiver)({
      httpMethod: 'POST',
      path: '/webhook',
      headers: { 'X-MoMoTalk-Bot-Signature': 'f'.repeat(64), 'x-momotalk-bot-signature': good },
      multiValueHeaders: {
        'X-MoMoTalk-Bot-Signature': ['f'.repeat(64)],
        'x-momotalk-bot-signature': [good],
      },
      body: new TextDecoder().decode(payload),
      isBase64Encoded: false,
    } as LambdaHttpEvent);
    expect(result.statusCode).toBe(401);
    expect(receiver.events).toEqual([]);
  });
});

describe('close() does not wait for a client dripping its body', () => {
  const wellFormed = { 'x-momotalk-bot-signature': 'a'.repeat(64) };

  it('node:http: close() resolves at once, the dripping delivery gets 503 and its connection is closed', async () => {
    const receiver = makeReceiver();
    const watched = counting(receiver);
    const server = createServer(toNodeListener(watched));
    const started = await listen(server);
    try {
      const answer = drip(started.url, wellFormed);
      await expect.poll(() => watched.started).toBe(1);
      const began = performance.now();
      await receiver.close();
      expect(performance.now() - began).toBeLessThan(1000);
      expect(await answer).toBe(503);
      // The server can now close too: no connection is left open by the dripping client.
      await new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
    } finally {
      server.closeAllConnections();
    }
  });

  it('Fastify: close() resolves at once and app.close() finishes', async () => {
    const receiver = makeReceiver();
    const watched = counting(receiver);
    const app = Fastify();
    await app.register(fastifyWebhook(watched, { path: '/webhook' }));
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    const port = (app.server.address() as AddressInfo).port;
    expect(address).toContain(String(port));
    const answer = drip(`http://127.0.0.1:${port}/webhook`, wellFormed);
    await expect.poll(() => watched.started).toBe(1);
    const began = performance.now();
    await receiver.close();
    expect(performance.now() - began).toBeLessThan(1000);
    expect(await answer).toBe(503);
    await app.close();
  });
});

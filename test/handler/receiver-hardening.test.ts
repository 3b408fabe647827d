// Receiver hardening at the pipeline: the pre-read credential check, the bound on concurrent
// body reads, bounded store calls, and the development refusal log.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { IdempotencyStore } from '../../src/idempotency/idempotency-store.js';
import { createWebhookHandler } from '../../src/index.js';
import { createBizmessageReceiver, createTalkShareReceiver } from '../../src/kakao/index.js';
import type { IncomingDelivery } from '../../src/receiver/ports.js';
import { messageCreated, SECRET, signedRequest } from './support.js';

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

/** A POST whose body never arrives; counts the reads started. */
function stalled(headers: Record<string, string>) {
  const reads = { started: 0 };
  const delivery: IncomingDelivery = {
    method: 'POST',
    url: '/webhook',
    header: (name) => headers[name],
    readBody: () => {
      reads.started += 1;
      return new Promise<Uint8Array>(() => {});
    },
  };
  return { delivery, reads };
}

const quiet = { onRejected: () => {} };

describe('credentials are checked before the body is read', () => {
  it.each([
    ['no signature', {}, 'missing_signature'],
    [
      'a signature that is not 64 hex digits',
      { 'x-momotalk-bot-signature': 'sha256=00' },
      'invalid_signature',
    ],
    [
      'a signature sent twice (joined)',
      { 'x-momotalk-bot-signature': `${'a'.repeat(64)}, ${'a'.repeat(64)}` },
      'invalid_signature',
    ],
    [
      "another bot's id",
      { 'x-momotalk-bot-signature': 'a'.repeat(64), 'x-momotalk-bot-id': 'bot_other' },
      'bot_id_mismatch',
    ],
  ])('MoMoTalk: %s → 401 without reading', async (_name, headers, code) => {
    const handler = createWebhookHandler({ secret: SECRET, botId: 'bot_test', ...quiet });
    const { delivery, reads } = stalled(headers);
    const response = await handler.handleDelivery(delivery);
    expect([response.status, JSON.parse(response.body)]).toEqual([401, { error: code }]);
    expect(reads.started).toBe(0);
  });

  it('MoMoTalk with getSecret: no bot-id header → 401 missing_bot_id without reading', async () => {
    const handler = createWebhookHandler({ getSecret: () => SECRET, ...quiet });
    const { delivery, reads } = stalled({ 'x-momotalk-bot-signature': 'a'.repeat(64) });
    expect((await handler.handleDelivery(delivery)).body).toBe('{"error":"missing_bot_id"}');
    expect(reads.started).toBe(0);
  });

  it('Bizmessage: a wrong X-Toast-Webhook-Signature → 401 without reading', async () => {
    const receiver = createBizmessageReceiver({ signature: 'configured', ...quiet });
    const { delivery, reads } = stalled({ 'x-toast-webhook-signature': 'wrong' });
    expect((await receiver.handleDelivery(delivery)).status).toBe(401);
    expect(reads.started).toBe(0);
  });

  it('Talk Share: a wrong Authorization → 401 without reading', async () => {
    const receiver = createTalkShareReceiver({ adminKey: 'admin', ...quiet });
    const { delivery, reads } = stalled({ authorization: 'KakaoAK nope' });
    expect((await receiver.handleDelivery(delivery)).status).toBe(401);
    expect(reads.started).toBe(0);
  });
});

describe('maxConcurrentReads bounds the bodies buffered at once', () => {
  it('refuses the read past the bound with 503 overloaded and retry-after, without reading it', async () => {
    const handler = createWebhookHandler({ secret: SECRET, maxConcurrentReads: 2, ...quiet });
    const wellFormed = { 'x-momotalk-bot-signature': 'a'.repeat(64) };
    const first = stalled(wellFormed);
    const second = stalled(wellFormed);
    void handler.handleDelivery(first.delivery);
    void handler.handleDelivery(second.delivery);
    const third = stalled(wellFormed);
    const refused = await handler.handleDelivery(third.delivery);
    expect(refused.status).toBe(503);
    expect(refused.body).toBe('{"error":"overloaded"}');
    expect(refused.headers['retry-after']).toBe('1');
    expect(third.reads.started).toBe(0);
    await handler.close(); // abandons the two stalled reads
  });

  it('defaults to 64 concurrent reads', async () => {
    const handler = createWebhookHandler({ secret: SECRET, ...quiet });
    const wellFormed = { 'x-momotalk-bot-signature': 'a'.repeat(64) };
    for (let i = 0; i < 64; i++) void handler.handleDelivery(stalled(wellFormed).delivery);
    expect((await handler.handleDelivery(stalled(wellFormed).delivery)).status).toBe(503);
    await handler.close();
  });

  it('rejects a maxConcurrentReads that is not a positive integer', () => {
    expect(() => createWebhookHandler({ secret: SECRET, maxConcurrentReads: 0 })).toThrow(
      /maxConcurrentReads must be a positive integer/,
    );
  });
});

describe('store calls are bounded by dedupe.timeoutMs', () => {
  it('a store that never answers a claim gives 503 idempotency_unavailable within the bound; the late claim is released', async () => {
    let answerClaim!: (value: { status: 'claimed'; token: string }) => void;
    const released: string[] = [];
    const store: IdempotencyStore = {
      claim: () =>
        new Promise((resolve) => {
          answerClaim = resolve;
        }),
      complete: async () => {},
      release: async (_key, token) => {
        released.push(token);
      },
    };
    const onEvent = vi.fn();
    const onError = vi.fn();
    const handler = createWebhookHandler({
      secret: SECRET,
      dedupe: { store, timeoutMs: 50 },
      onEvent,
      onError,
    });
    const began = performance.now();
    const response = await handler(signedRequest(messageCreated));
    expect(performance.now() - began).toBeLessThan(1000);
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ error: 'idempotency_unavailable' });
    expect(onEvent).not.toHaveBeenCalled();
    expect(onError).toHaveBeenCalledTimes(1);
    expect(onError.mock.calls[0]?.[1]).toMatchObject({ phase: 'idempotency' });
    expect(String(onError.mock.calls[0]?.[0])).toMatch(/did not answer claim within 50 ms/);
    answerClaim({ status: 'claimed', token: 'late-token' });
    await vi.waitFor(() => expect(released).toEqual(['late-token']));
  });

  it('a store that never answers complete still lets the delivery be answered (200, reported)', async () => {
    const store: IdempotencyStore = {
      claim: async () => ({ status: 'claimed', token: 't' }),
      complete: () => new Promise(() => {}),
      release: async () => {},
    };
    const onError = vi.fn();
    const handler = createWebhookHandler({ secret: SECRET, dedupe: { store, timeoutMs: 50 }, onError });
    expect((await handler(signedRequest(messageCreated))).status).toBe(200);
    expect(onError).toHaveBeenCalledTimes(1);
  });

  it('rejects a timeoutMs that is not positive', () => {
    expect(() => createWebhookHandler({ secret: SECRET, dedupe: { timeoutMs: 0 } })).toThrow(
      /dedupe.timeoutMs must be a positive number/,
    );
  });
});

describe('development refusal log', () => {
  it('outside production, without onRejected, logs one line per refusal with the fix and never the signature', async () => {
    vi.stubEnv('NODE_ENV', 'development');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const handler = createWebhookHandler({ secret: SECRET });
    const forged = signedRequest(messageCreated, { secret: 'another-secret' });
    const signature = forged.headers.get('x-momotalk-bot-signature') as string;
    expect((await handler(forged)).status).toBe(401);
    expect(warn).toHaveBeenCalledTimes(1);
    const line = String(warn.mock.calls[0]?.[0]);
    expect(line).toMatch(/401 invalid_signature/);
    expect(line).toMatch(/same secret/);
    expect(line).not.toContain(signature);
    expect(line).not.toContain(SECRET);
    expect(line).not.toContain('\n');
  });

  it('is quiet in production, and when onRejected is given', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    vi.stubEnv('NODE_ENV', 'production');
    await createWebhookHandler({ secret: SECRET })(signedRequest(messageCreated, { signature: null }));
    vi.stubEnv('NODE_ENV', 'development');
    const onRejected = vi.fn();
    await createWebhookHandler({ secret: SECRET, onRejected })(
      signedRequest(messageCreated, { signature: null }),
    );
    expect(warn).not.toHaveBeenCalled();
    expect(onRejected).toHaveBeenCalledTimes(1);
  });
});

describe('a client that hangs up mid-body (Fetch)', () => {
  it('is a refusal (client_aborted to onRejected), not an onError call or a 500', async () => {
    const onError = vi.fn();
    const rejected: string[] = [];
    const handler = createWebhookHandler({
      secret: SECRET,
      onError,
      onRejected: ({ error }) => {
        rejected.push(error);
      },
    });
    const controller = new AbortController();
    let fail!: (error: Error) => void;
    const body = new ReadableStream<Uint8Array>({
      start(stream) {
        stream.enqueue(new TextEncoder().encode('{"event_id":'));
        fail = (error) => stream.error(error);
      },
    });
    const request = new Request('https://bot.example/webhook', {
      method: 'POST',
      headers: { 'x-momotalk-bot-signature': 'a'.repeat(64) },
      body,
      duplex: 'half',
      signal: controller.signal,
    } as RequestInit);
    const answer = handler(request);
    await new Promise((resolve) => setImmediate(resolve));
    // What a runtime does when the client disconnects: the request's signal aborts, its body errors.
    controller.abort();
    fail(new TypeError('terminated'));
    const response = await answer;
    expect(response.status).toBe(400);
    expect(rejected).toEqual(['client_aborted']);
    expect(onError).not.toHaveBeenCalled();
  });
});

describe('bodyTimeoutMs bounds how long one read holds its slot', () => {
  it('a forged but well-formed signature dripping its body gets 408 body_timeout and connection: close, and frees its slot', async () => {
    const rejected: string[] = [];
    const handler = createWebhookHandler({
      secret: SECRET,
      maxConcurrentReads: 1,
      bodyTimeoutMs: 50,
      onRejected: ({ error }) => {
        rejected.push(error);
      },
    });
    const forged = stalled({ 'x-momotalk-bot-signature': 'a'.repeat(64) });
    const began = performance.now();
    const answer = await handler.handleDelivery(forged.delivery);
    expect(performance.now() - began).toBeLessThan(1000);
    expect([answer.status, answer.body, answer.close]).toEqual([408, '{"error":"body_timeout"}', true]);
    expect(rejected).toEqual(['body_timeout']);
    // The one slot is free again: a genuine delivery is read and processed.
    expect((await handler(signedRequest(messageCreated))).status).toBe(200);
  });

  it('a read that finished frees its slot for the next delivery', async () => {
    const handler = createWebhookHandler({ secret: SECRET, maxConcurrentReads: 1, ...quiet });
    for (let i = 0; i < 3; i++) {
      const event = { ...messageCreated, event_id: `evt_slot_${i}` };
      expect((await handler(signedRequest(event))).status).toBe(200);
    }
  });

  it('rejects a bodyTimeoutMs that is not a positive integer', () => {
    expect(() => createWebhookHandler({ secret: SECRET, bodyTimeoutMs: 0 })).toThrow(
      /bodyTimeoutMs must be a positive integer/,
    );
  });
});

describe('the development refusal log is bounded', () => {
  it('logs one line per code a minute, then says how many were held back', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.stubEnv('NODE_ENV', 'development');
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
      const handler = createWebhookHandler({ secret: SECRET });
      const unsigned = () => handler(signedRequest(messageCreated, { signature: null }));
      for (let i = 0; i < 50; i++) await unsigned();
      await handler(signedRequest(messageCreated, { secret: 'another-secret' }));
      expect(warn.mock.calls.map((call) => String(call[0]).match(/refused: (\d+ \w+)/)?.[1])).toEqual([
        '401 missing_signature',
        '401 invalid_signature',
      ]);
      vi.setSystemTime(Date.now() + 61_000);
      await unsigned();
      expect(warn).toHaveBeenCalledTimes(3);
      expect(String(warn.mock.calls[2]?.[0])).toContain('(49 more since the last line)');
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('a store that misbehaves synchronously never crashes the process', () => {
  it('a late claim whose release throws synchronously is swallowed (no unhandled rejection)', async () => {
    const unhandled = vi.fn();
    process.on('unhandledRejection', unhandled);
    try {
      let answerClaim!: (value: { status: 'claimed'; token: string }) => void;
      const store: IdempotencyStore = {
        claim: () =>
          new Promise((resolve) => {
            answerClaim = resolve;
          }),
        complete: async () => {},
        release: () => {
          throw new Error('release exploded synchronously');
        },
      };
      const handler = createWebhookHandler({
        secret: SECRET,
        dedupe: { store, timeoutMs: 20 },
        onError: () => {},
      });
      expect((await handler(signedRequest(messageCreated))).status).toBe(503);
      answerClaim({ status: 'claimed', token: 'late' });
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(unhandled).not.toHaveBeenCalled();
    } finally {
      process.off('unhandledRejection', unhandled);
    }
  });
});

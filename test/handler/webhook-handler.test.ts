import { afterEach, describe, expect, it, vi } from 'vitest';
import { createWebhookHandler } from '../../src/momotalk/handler/create-webhook-handler.js';
import { unknownEventType } from '../../src/momotalk/handler/unknown-event-type.js';
import { signWebhook } from '../../src/momotalk/signature/sign-webhook.js';
import {
  BOT_ID,
  gate,
  messageCreated,
  messageEvent,
  recordingClient,
  SECRET,
  signedRequest,
  URL_,
} from './support.js';

afterEach(() => {
  vi.unstubAllEnvs();
});

async function json(response: Response): Promise<unknown> {
  return JSON.parse(await response.text());
}

describe('createWebhookHandler: responses', () => {
  it('200 {"ok":true} for a genuine talk.message_created, routed to .on() with ctx', async () => {
    const { client, requests } = recordingClient();
    const seen: unknown[] = [];
    const handler = createWebhookHandler({ secret: SECRET, botId: BOT_ID, client }).on(
      'talk.message_created',
      async (event, ctx) => {
        seen.push([ctx.eventId, ctx.botId, ctx.header('X-MoMoTalk-Event-Id'), ctx.event === event]);
        const result = await ctx.reply(`Echo: ${event.message.body}`, { metadata: { intent: 'echo' } });
        seen.push(result.messageId);
      },
    );
    const response = await handler(signedRequest(messageCreated));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await json(response)).toEqual({ ok: true });
    expect(seen).toEqual([['evt_01HZX3K9Q2', BOT_ID, 'evt_01HZX3K9Q2', true], 789]);
    expect(requests).toEqual([
      {
        url: `https://bot-api.test/api/bots/${BOT_ID}/messages`,
        authorization: 'Bearer test-bot-token',
        body: { room_id: 123, reply_to_message_id: 456, body: 'Echo: hello', metadata: { intent: 'echo' } },
      },
    ]);
  });

  it('200 for a duplicate, which is not processed again', async () => {
    const onMessage = vi.fn();
    const handler = createWebhookHandler({ secret: SECRET }).on('talk.message_created', onMessage);
    expect((await handler(signedRequest(messageEvent('evt_dup')))).status).toBe(200);
    const again = await handler(signedRequest(messageEvent('evt_dup')));
    expect(again.status).toBe(200);
    expect(await json(again)).toEqual({ ok: true });
    expect(onMessage).toHaveBeenCalledTimes(1);
  });

  it('409 for a redelivery while the first is still processing; the first then answers 200', async () => {
    const hold = gate();
    const onMessage = vi.fn(() => hold.promise);
    const handler = createWebhookHandler({ secret: SECRET }).on('talk.message_created', onMessage);
    const first = handler(signedRequest(messageEvent('evt_slow')));
    await vi.waitFor(() => expect(onMessage).toHaveBeenCalledTimes(1));
    const second = await handler(signedRequest(messageEvent('evt_slow')));
    expect(second.status).toBe(409);
    expect(await json(second)).toEqual({ error: 'in_progress' });
    hold.open();
    expect((await first).status).toBe(200);
    expect((await handler(signedRequest(messageEvent('evt_slow')))).status).toBe(200);
    expect(onMessage).toHaveBeenCalledTimes(1);
  });

  it.each([
    ['missing signature', { signature: null }, 'missing_signature'],
    ['malformed signature', { signature: 'sha256=abc' }, 'invalid_signature'],
    ['signature made with another secret', { secret: 'another-secret' }, 'invalid_signature'],
    ['X-MoMoTalk-Bot-Id of another bot', { botId: 'bot_other' }, 'bot_id_mismatch'],
    [
      'X-MoMoTalk-Event-Id that disagrees with the signed body',
      { eventId: 'evt_forged' },
      'event_id_mismatch',
    ],
  ] as const)('401 for a %s', async (_name, options, code) => {
    const onMessage = vi.fn();
    const onError = vi.fn();
    const handler = createWebhookHandler({ secret: SECRET, botId: BOT_ID, onError }).on(
      'talk.message_created',
      onMessage,
    );
    const response = await handler(signedRequest(messageCreated, options));
    expect(response.status).toBe(401);
    expect(await json(response)).toEqual({ error: code });
    expect(onMessage).not.toHaveBeenCalled();
    expect(onError).not.toHaveBeenCalled();
  });

  it('401 when the signed body is for another bot, even if the header says ours', async () => {
    const handler = createWebhookHandler({ secret: SECRET, botId: BOT_ID });
    const response = await handler(
      signedRequest(messageEvent('evt_x', { bot_id: 'bot_other' }), { botId: BOT_ID }),
    );
    expect(response.status).toBe(401);
    expect(await json(response)).toEqual({ error: 'bot_id_mismatch' });
  });

  it.each([
    ['invalid JSON', '{"event_type": "talk.message_created",'],
    ['a JSON array', '[1,2,3]'],
    ['a talk.message_created without message', JSON.stringify({ ...messageCreated, message: undefined })],
    [
      'a talk.message_created with a non-numeric timestamp',
      JSON.stringify({ ...messageCreated, timestamp: 'soon' }),
    ],
  ])('400 {"error":"invalid_payload"} for %s', async (_name, body) => {
    const handler = createWebhookHandler({ secret: SECRET });
    const response = await handler(signedRequest(body));
    expect(response.status).toBe(400);
    expect(await json(response)).toEqual({ error: 'invalid_payload' });
  });

  it('405 with Allow: POST for another method', async () => {
    const handler = createWebhookHandler({ secret: SECRET });
    const response = await handler(signedRequest(messageCreated, { method: 'GET' }));
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
    expect(await json(response)).toEqual({ error: 'method_not_allowed' });
  });

  it('413 when Content-Length is over maxBodyBytes, without reading the body', async () => {
    const handler = createWebhookHandler({ secret: SECRET, maxBodyBytes: 100 });
    const response = await handler(signedRequest(messageCreated));
    expect(response.status).toBe(413);
    expect(await json(response)).toEqual({ error: 'body_too_large' });
  });

  it('413 for an endless streamed body, reading no more than one chunk past the limit and cancelling it', async () => {
    const chunk = new Uint8Array(16 * 1024).fill(0x20);
    let pulled = 0;
    let cancelled = false;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += chunk.byteLength;
        controller.enqueue(chunk);
      },
      cancel() {
        cancelled = true;
      },
    });
    const request = new Request(URL_, {
      method: 'POST',
      body: endless,
      duplex: 'half',
      headers: { 'x-momotalk-bot-signature': 'a'.repeat(64) },
    } as RequestInit);
    const handler = createWebhookHandler({ secret: SECRET, maxBodyBytes: 64 * 1024 });
    const response = await handler(request);
    expect(response.status).toBe(413);
    expect(cancelled).toBe(true);
    // The stream may be pulled ahead by its internal queue (high-water mark), but never far past the limit.
    expect(pulled).toBeLessThanOrEqual(64 * 1024 + 3 * chunk.byteLength);
  });

  it('200 for an unknown event type, which reaches .on(its type), onUnknown and onEvent (in that order)', async () => {
    const calls: string[] = [];
    const handler = createWebhookHandler({
      secret: SECRET,
      onUnknown: (event) => {
        calls.push(`unknown:${String(event.event_type)}`);
      },
      onEvent: (event) => {
        calls.push(`event:${String(event.event_type)}`);
      },
    })
      .on(unknownEventType('talk.something_new'), (event, ctx) => {
        calls.push(`on:${String(event.event_type)}:${ctx.eventId}`);
      })
      .on('talk.message_created', () => {
        calls.push('wrong route');
      });
    const response = await handler(
      signedRequest({ event_type: 'talk.something_new', event_id: 'evt_new', extra: 1 }),
    );
    expect(response.status).toBe(200);
    expect(calls).toEqual([
      'on:talk.something_new:evt_new',
      'unknown:talk.something_new',
      'event:talk.something_new',
    ]);
  });

  it('200 for the console test event with no event_id in the body (keyed by its signature)', async () => {
    const onUnknown = vi.fn();
    const handler = createWebhookHandler({ secret: SECRET, onUnknown });
    const body = { event_type: 'webhook.test' };
    expect((await handler(signedRequest(body, { eventId: 'evt_test_1' }))).status).toBe(200);
    expect((await handler(signedRequest(body, { eventId: 'evt_test_1' }))).status).toBe(200);
    expect(onUnknown).toHaveBeenCalledTimes(1);
  });

  it('a captured signed body without event_id, replayed with other id headers or signature case, is processed once', async () => {
    const onUnknown = vi.fn();
    const handler = createWebhookHandler({ secret: SECRET, onUnknown });
    const raw = JSON.stringify({ event_type: 'talk.future_event', data: { n: 1 } });
    const signature = signWebhook(raw, SECRET);
    const replays = [
      { eventId: 'evt_a' },
      { eventId: 'evt_a' },
      { eventId: 'evt_b' },
      { eventId: 'evt_c', botId: 'bot_other' },
      { eventId: null },
      { eventId: 'evt_d', signature: signature.toUpperCase() },
    ];
    for (const replay of replays) {
      const response = await handler(signedRequest(raw, { signature, ...replay }));
      expect(response.status).toBe(200);
    }
    expect(onUnknown).toHaveBeenCalledTimes(1);
    // A different signed body is a different event.
    const other = JSON.stringify({ event_type: 'talk.future_event', data: { n: 2 } });
    expect((await handler(signedRequest(other, { eventId: 'evt_a' }))).status).toBe(200);
    expect(onUnknown).toHaveBeenCalledTimes(2);
  });

  it('a known event is keyed by its signed event_id, and ctx.eventId is that id', async () => {
    const seen: Array<string | undefined> = [];
    const handler = createWebhookHandler({ secret: SECRET }).on('talk.message_created', (_event, ctx) => {
      seen.push(ctx.eventId);
    });
    expect((await handler(signedRequest(messageEvent('evt_k')))).status).toBe(200);
    // The same signed body without the (unsigned) header is still a duplicate.
    expect((await handler(signedRequest(messageEvent('evt_k'), { eventId: null }))).status).toBe(200);
    expect(seen).toEqual(['evt_k']);
  });

  it('500 when a handler throws: onError gets it with the event, the claim is released, a redelivery runs again', async () => {
    const onError = vi.fn();
    let attempts = 0;
    const handler = createWebhookHandler({ secret: SECRET, onError }).on('talk.message_created', () => {
      attempts += 1;
      if (attempts === 1) throw new Error('database down');
    });
    const failed = await handler(signedRequest(messageEvent('evt_fail')));
    expect(failed.status).toBe(500);
    expect(await json(failed)).toEqual({ error: 'processing_failed' });
    expect(onError).toHaveBeenCalledTimes(1);
    expect(onError).toHaveBeenCalledWith(
      expect.objectContaining({ message: 'database down' }),
      expect.objectContaining({
        phase: 'process',
        eventId: 'evt_fail',
        event: expect.objectContaining({ event_id: 'evt_fail' }),
      }),
    );
    expect((await handler(signedRequest(messageEvent('evt_fail')))).status).toBe(200);
    expect(attempts).toBe(2);
  });

  it('onRejected sees every 4xx with its cause (for logs), and its failure changes nothing', async () => {
    const rejected: Array<{ status: number; error: string; cause?: unknown }> = [];
    const handler = createWebhookHandler({
      secret: SECRET,
      maxBodyBytes: 2_000,
      onRejected: (info) => {
        rejected.push(info);
        throw new Error('logger down');
      },
    });
    expect((await handler(signedRequest(messageCreated, { secret: 'old-secret' }))).status).toBe(401);
    expect((await handler(signedRequest('{'))).status).toBe(400);
    expect((await handler(signedRequest(messageCreated, { method: 'PUT' }))).status).toBe(405);
    expect((await handler(signedRequest('x'.repeat(3_000)))).status).toBe(413);
    expect(rejected.map(({ status, error }) => `${status} ${error}`)).toEqual([
      '401 invalid_signature',
      '400 invalid_payload',
      '405 method_not_allowed',
      '413 body_too_large',
    ]);
    expect(rejected[0]?.cause).toMatchObject({
      name: 'WebhookVerificationError',
      reason: 'invalid_signature',
    });
    expect(rejected[1]?.cause).toMatchObject({ name: 'WebhookPayloadError' });
    expect(rejected[2]).not.toHaveProperty('cause');
  });

  it('never puts the secret or the signature in any response body', async () => {
    const handler = createWebhookHandler({ secret: SECRET, botId: BOT_ID, onError: () => {} }).on(
      'talk.message_created',
      () => {
        throw new Error(`boom ${SECRET}`);
      },
    );
    const wrongSignature = signWebhook('{}', SECRET);
    const requests = [
      signedRequest(messageCreated),
      signedRequest(messageCreated, { signature: wrongSignature }),
      signedRequest(messageCreated, { botId: 'bot_other' }),
      signedRequest('not json'),
      signedRequest(messageCreated, { method: 'PUT' }),
    ];
    for (const request of requests) {
      const signature = request.headers.get('x-momotalk-bot-signature') ?? 'none';
      const text = await (await handler(request)).text();
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(signature);
      expect(text).toMatch(/^\{"(ok|error)":/);
    }
  });

  it('ctx.reply without a client option fails the delivery with a TypeError naming the fix', async () => {
    const onError = vi.fn();
    const handler = createWebhookHandler({ secret: SECRET, onError }).on(
      'talk.message_created',
      (event, ctx) => ctx.reply(event.message.body),
    );
    expect((await handler(signedRequest(messageCreated))).status).toBe(500);
    expect(onError.mock.calls[0]?.[0]).toBeInstanceOf(TypeError);
    expect(String(onError.mock.calls[0]?.[0])).toMatch(/client: new BotClient\(\)/);
  });

  it('ctx.reply on an event without a message (JavaScript: the types keep it away) fails the delivery with a TypeError that says why', async () => {
    const onError = vi.fn();
    const handler = createWebhookHandler({ secret: SECRET, onError, client: recordingClient().client }).on(
      unknownEventType('talk.something_new'),
      (_event, ctx) => {
        // `as never`: what a JavaScript caller can do. Destructured: reply does not depend on `this`.
        const { reply } = ctx as never as { reply: (body: string) => unknown };
        return reply('hi');
      },
    );
    const response = await handler(signedRequest({ event_type: 'talk.something_new', event_id: 'evt_r' }));
    expect(response.status).toBe(500);
    expect(onError.mock.calls[0]?.[0]).toBeInstanceOf(TypeError);
    expect(String(onError.mock.calls[0]?.[0])).toMatch(/only talk\.message_created/);
  });

  it('500 body_unavailable (reported as phase "read") when the Request body was already read', async () => {
    const onError = vi.fn();
    const handler = createWebhookHandler({ secret: SECRET, onError });
    const request = signedRequest(messageCreated);
    await request.text();
    const response = await handler(request);
    expect(response.status).toBe(500);
    expect(await json(response)).toEqual({ error: 'body_unavailable' });
    expect(onError).toHaveBeenCalledWith(expect.any(TypeError), { phase: 'read' });
    expect(String(onError.mock.calls[0]?.[0])).toMatch(/already read/);
  });
});

describe('createWebhookHandler: secrets, bots and age', () => {
  it('accepts any secret of a rotation (secrets or an array as secret)', async () => {
    for (const options of [{ secrets: ['new-secret', SECRET] }, { secret: ['new-secret', SECRET] }]) {
      const handler = createWebhookHandler(options);
      expect((await handler(signedRequest(messageCreated))).status).toBe(200);
    }
  });

  it('getSecret: one endpoint for several bots, 401 for an unknown bot or a missing bot id header', async () => {
    const secrets: Record<string, string> = { bot_a: 'secret-a', bot_b: 'secret-b' };
    const handler = createWebhookHandler({ getSecret: async (botId) => secrets[botId], dedupe: false });
    const forA = messageEvent('evt_a', { bot_id: 'bot_a' });
    expect((await handler(signedRequest(forA, { secret: 'secret-a' }))).status).toBe(200);
    expect((await handler(signedRequest(forA, { secret: 'secret-b' }))).status).toBe(401);
    const forC = messageEvent('evt_c', { bot_id: 'bot_c' });
    const unknown = await handler(signedRequest(forC, { secret: 'secret-a' }));
    expect(await json(unknown)).toEqual({ error: 'unknown_bot' });
    const noHeader = await handler(signedRequest(forA, { secret: 'secret-a', botId: null }));
    expect(noHeader.status).toBe(401);
    expect(await json(noHeader)).toEqual({ error: 'missing_bot_id' });
  });

  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'])(
    'getSecret as a plain lookup: bot id %j is an unknown bot (401), never a 500 or an onError call',
    async (botId) => {
      const secrets: Record<string, string> = { bot_a: 'secret-a' };
      const onError = vi.fn();
      const handler = createWebhookHandler({ getSecret: (id) => secrets[id], onError, dedupe: false });
      const response = await handler(signedRequest(messageEvent('evt_x', { bot_id: botId }), { botId }));
      expect(response.status).toBe(401);
      expect(await json(response)).toEqual({ error: 'unknown_bot' });
      expect(onError).not.toHaveBeenCalled();
    },
  );

  it.each([
    ['null', null],
    ['a number', 42],
    ['an object', { secret: 'secret-a' }],
    ['a function', () => 'secret-a'],
  ])('getSecret answering %s: an unknown bot (401)', async (_label, answer) => {
    const onError = vi.fn();
    const handler = createWebhookHandler({
      getSecret: () => answer as never,
      onError,
      dedupe: false,
    });
    const response = await handler(signedRequest(messageEvent('evt_y')));
    expect(response.status).toBe(401);
    expect(await json(response)).toEqual({ error: 'unknown_bot' });
    expect(onError).not.toHaveBeenCalled();
  });

  it('falls back to MOMOTALK_WEBHOOK_SECRET and MOMOTALK_BOT_ID from the environment', async () => {
    vi.stubEnv('MOMOTALK_WEBHOOK_SECRET', SECRET);
    vi.stubEnv('MOMOTALK_BOT_ID', 'bot_env');
    const handler = createWebhookHandler();
    const response = await handler(signedRequest(messageCreated));
    expect(await json(response)).toEqual({ error: 'bot_id_mismatch' });
    expect((await handler(signedRequest(messageEvent('evt_env', { bot_id: 'bot_env' })))).status).toBe(200);
  });

  it('maxAgeSeconds: refuses an old or future signed timestamp with 401, accepts a fresh one', async () => {
    const handler = createWebhookHandler({ secret: SECRET, maxAgeSeconds: 300, dedupe: false });
    const now = Math.floor(Date.now() / 1000);
    const fresh = await handler(signedRequest(messageEvent('evt_1', { timestamp: now - 10 })));
    expect(fresh.status).toBe(200);
    const old = await handler(signedRequest(messageEvent('evt_2', { timestamp: now - 3600 })));
    expect(await json(old)).toEqual({ error: 'timestamp_too_old' });
    const future = await handler(signedRequest(messageEvent('evt_3', { timestamp: now + 3600 })));
    expect(await json(future)).toEqual({ error: 'timestamp_in_future' });
  });

  it('refuses to start without a secret, with two ways of giving it, or with an empty one', () => {
    vi.stubEnv('MOMOTALK_WEBHOOK_SECRET', '');
    expect(() => createWebhookHandler()).toThrow(/no webhook secret.*MOMOTALK_WEBHOOK_SECRET/);
    expect(() => createWebhookHandler({ secret: SECRET, getSecret: () => SECRET })).toThrow(/only one of/);
    expect(() => createWebhookHandler({ secret: '' })).toThrow(TypeError);
    expect(() => createWebhookHandler({ secret: SECRET, maxAgeSeconds: -5 })).toThrow(/maxAgeSeconds/);
    expect(() => createWebhookHandler({ secret: SECRET, maxBodyBytes: 0 })).toThrow(/maxBodyBytes/);
  });
});

describe('createWebhookHandler: acknowledge before processing', () => {
  it("answers 200 first and hands the work to the platform argument's waitUntil (Workers: fetch(request, env, ctx))", async () => {
    const hold = gate();
    const onMessage = vi.fn(() => hold.promise);
    const handler = createWebhookHandler({ secret: SECRET, acknowledge: 'before-processing' }).on(
      'talk.message_created',
      onMessage,
    );
    const kept: Promise<unknown>[] = [];
    const ctx = {
      waitUntil(promise: Promise<unknown>) {
        expect(this).toBe(ctx); // called as a method, as workerd requires
        kept.push(promise);
      },
      passThroughOnException() {},
    };
    const response = await handler(signedRequest(messageCreated), { SOME_BINDING: 1 }, ctx);
    expect(response.status).toBe(200);
    expect(kept).toHaveLength(1);
    await vi.waitFor(() => expect(onMessage).toHaveBeenCalledTimes(1));
    hold.open();
    await kept[0];
    expect(handler.pendingTasks).toBe(0);
  });

  it('uses the waitUntil option when the platform passes none (Vercel)', async () => {
    const kept: Promise<unknown>[] = [];
    const handler = createWebhookHandler({
      secret: SECRET,
      acknowledge: 'before-processing',
      waitUntil: (promise) => kept.push(promise),
    });
    expect((await handler(signedRequest(messageCreated))).status).toBe(200);
    expect(kept).toHaveLength(1);
  });

  it('in-process mode: 200 even when the handler fails (reported to onError); drain() waits for the work', async () => {
    const onError = vi.fn();
    const handler = createWebhookHandler({ secret: SECRET, acknowledge: 'before-processing', onError }).on(
      'talk.message_created',
      async () => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        throw new Error('late failure');
      },
    );
    expect((await handler(signedRequest(messageCreated))).status).toBe(200);
    expect(handler.pendingTasks).toBe(1);
    await handler.drain();
    expect(handler.pendingTasks).toBe(0);
    expect(onError).toHaveBeenCalledWith(
      expect.objectContaining({ message: 'late failure' }),
      expect.objectContaining({ phase: 'process' }),
    );
  });

  it('close(): new deliveries get 503 shutting_down while running ones finish', async () => {
    const hold = gate();
    const done = vi.fn();
    const handler = createWebhookHandler({ secret: SECRET, acknowledge: 'before-processing' }).on(
      'talk.message_created',
      async () => {
        await hold.promise;
        done();
      },
    );
    await handler(signedRequest(messageEvent('evt_run')));
    const closing = handler.close();
    const late = await handler(signedRequest(messageEvent('evt_late')));
    expect(late.status).toBe(503);
    expect(await json(late)).toEqual({ error: 'shutting_down' });
    hold.open();
    await closing;
    expect(done).toHaveBeenCalledTimes(1);
  });

  it('close() waits for a delivery still looking up its secret, which is then answered 503 and not processed', async () => {
    const lookup = gate();
    const onMessage = vi.fn();
    let looking = false;
    const handler = createWebhookHandler({
      getSecret: async () => {
        looking = true;
        await lookup.promise;
        return SECRET;
      },
      acknowledge: 'before-processing',
    }).on('talk.message_created', onMessage);
    const order: string[] = [];
    const answer = handler(signedRequest(messageCreated)).then((response) => {
      order.push(`answered ${response.status}`);
      return response;
    });
    await vi.waitFor(() => expect(looking).toBe(true)); // the body was read; the lookup is pending
    const closing = handler.close().then(() => order.push('closed'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(order).toEqual([]);
    lookup.open();
    await closing;
    const response = await answer;
    expect(order).toEqual(['answered 503', 'closed']);
    expect(await json(response)).toEqual({ error: 'shutting_down' });
    expect(onMessage).not.toHaveBeenCalled();
  });

  it('after-processing: close() resolves only after a running handler finished and its 200 was answered', async () => {
    const hold = gate();
    const started = gate();
    const handler = createWebhookHandler({ secret: SECRET }).on('talk.message_created', async () => {
      started.open();
      await hold.promise;
    });
    const order: string[] = [];
    const answer = handler(signedRequest(messageCreated)).then((response) => {
      order.push(`answered ${response.status}`);
    });
    await started.promise;
    const closing = handler.close().then(() => order.push('closed'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(order).toEqual([]);
    hold.open();
    await Promise.all([answer, closing]);
    expect(order).toEqual(['answered 200', 'closed']);
  });
});

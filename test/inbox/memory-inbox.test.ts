import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BotClient } from '../../src/client/bot-client.js';
import { MemoryIdempotencyStore } from '../../src/idempotency/memory-store.js';
import { createMemoryInbox, LEDGER_HEADER } from '../../src/inbox/index.js';
import { createWebhookHandler, type InboxWriter } from '../../src/index.js';
import { createMessageCreatedEvent } from '../../src/testing/create-message-created-event.js';
import { createSignedRequest } from '../../src/testing/create-signed-request.js';
import { BOT_ID, SECRET } from '../support/index.js';

const BASE_URL = 'https://bot.test/api';
const MESSAGES_URL = `${BASE_URL}/bots/${BOT_ID}/messages`;
const api = setupServer();
beforeAll(() => api.listen({ onUnhandledFrame: 'error' }));
afterEach(() => api.resetHandlers());
afterAll(() => api.close());

const client = (extra: object = {}) =>
  new BotClient({
    botId: BOT_ID,
    token: 'mmt_token_for_tests_only',
    baseUrl: BASE_URL,
    retry: false,
    ...extra,
  });

function message(room: number, n: number, body = `m${n}`) {
  return createMessageCreatedEvent({
    bot_id: BOT_ID,
    event_id: `evt_${room}_${n}`,
    message: { room_id: room, body },
  });
}
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe('the inbox write side (any InboxWriter)', () => {
  it('answers 200 only after enqueue resolved, with the entry: dedupe key as id, room lane, event JSON, no header', async () => {
    const entries: unknown[] = [];
    const inbox: InboxWriter = { enqueue: async (entry) => void entries.push(entry) };
    const ran: string[] = [];
    const handler = createWebhookHandler({ secret: SECRET, inbox }).on('talk.message_created', (e) => {
      ran.push(e.event_id);
    });
    const event = message(42, 1);
    const response = await handler(await createSignedRequest(event, SECRET));
    expect(response.status).toBe(200);
    expect(ran).toEqual([]);
    expect(entries).toEqual([
      {
        id: `momotalk:${BOT_ID}:evt_42_1`,
        lane: `momotalk:${BOT_ID}:room:42`,
        payload: { event: JSON.parse(JSON.stringify(event)), eventId: 'evt_42_1', botId: BOT_ID },
      },
    ]);
    expect(JSON.stringify(entries)).not.toContain(SECRET);
  });

  it('answers 503 inbox_unavailable when enqueue rejects or hangs, reports phase inbox, and releases the claim', async () => {
    const store = new MemoryIdempotencyStore();
    const phases: string[] = [];
    let mode: 'reject' | 'hang' | 'ok' = 'reject';
    const stored: string[] = [];
    const inbox: InboxWriter = {
      enqueue: (entry) => {
        if (mode === 'reject') return Promise.reject(new Error('connection refused'));
        if (mode === 'hang') return new Promise(() => {});
        stored.push(entry.id);
        return Promise.resolve();
      },
    };
    const handler = createWebhookHandler({
      secret: SECRET,
      inbox,
      dedupe: { store, timeoutMs: 50 },
      onError: (_error, info) => void phases.push(info.phase),
    });
    const event = message(1, 1);
    for (const next of ['reject', 'hang'] as const) {
      mode = next;
      const response = await handler(await createSignedRequest(event, SECRET));
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({ error: 'inbox_unavailable' });
    }
    expect(phases).toEqual(['inbox', 'inbox']);
    mode = 'ok'; // the claim was released each time: the redelivery is stored, then a duplicate
    expect((await handler(await createSignedRequest(event, SECRET))).status).toBe(200);
    expect((await handler(await createSignedRequest(event, SECRET))).status).toBe(200);
    expect(stored).toEqual([`momotalk:${BOT_ID}:evt_1_1`]);
  });

  it('refuses an inbox without enqueue at creation', () => {
    expect(() => createWebhookHandler({ secret: SECRET, inbox: {} as InboxWriter })).toThrow(
      /inbox must have an enqueue\(entry\) method/,
    );
  });
});

describe('createMemoryInbox', () => {
  it('runs each room in order, one at a time, rooms in parallel; a redelivery is stored once', async () => {
    const inbox = createMemoryInbox();
    const log: string[] = [];
    const busy = new Set<number>();
    let parallel = 0;
    const handler = createWebhookHandler({ secret: SECRET, inbox, dedupe: false }).on(
      'talk.message_created',
      async (event) => {
        const room = Number(event.message.room_id);
        expect(busy.has(room)).toBe(false);
        busy.add(room);
        parallel = Math.max(parallel, busy.size);
        await sleep(2);
        log.push(`${room}:${event.message.body}`);
        busy.delete(room);
      },
    );
    for (let n = 0; n < 5; n++) {
      for (const room of [1, 2, 3]) await handler(await createSignedRequest(message(room, n), SECRET));
    }
    await handler(await createSignedRequest(message(1, 0), SECRET)); // a redelivery, before the worker
    const worker = inbox.worker({ handler, concurrency: 3 });
    await inbox.idle();
    await handler(await createSignedRequest(message(1, 0), SECRET)); // and after it was processed
    await inbox.idle();
    await worker.close();
    for (const room of [1, 2, 3]) {
      expect(log.filter((line) => line.startsWith(`${room}:`))).toEqual(
        [0, 1, 2, 3, 4].map((n) => `${room}:m${n}`),
      );
    }
    expect(log).toHaveLength(15);
    expect(parallel).toBeGreaterThan(1);
  });

  it('retries with backoff while the room waits, dead-letters after maxAttempts, replays on demand', async () => {
    const inbox = createMemoryInbox();
    const runs: string[] = [];
    let healed = false;
    const handler = createWebhookHandler({ secret: SECRET, inbox }).on('talk.message_created', (event) => {
      runs.push(event.message.body);
      if (event.message.body === 'bad' && !healed) throw new TypeError('cannot handle');
    });
    await handler(await createSignedRequest(message(3, 1, 'bad'), SECRET));
    await handler(await createSignedRequest(message(3, 2, 'next'), SECRET));
    const phases: string[] = [];
    const worker = inbox.worker({
      handler,
      maxAttempts: 2,
      backoffMs: 5,
      onError: (_error, info) => void phases.push(`${info.phase}:${info.attempt}`),
    });
    await inbox.idle();
    expect(runs).toEqual(['bad', 'bad', 'next']);
    expect(phases).toEqual(['process:1', 'dead-letter:2']);
    const [letter] = await inbox.listDeadLetters();
    expect(letter).toMatchObject({
      id: `momotalk:${BOT_ID}:evt_3_1`,
      attempts: 2,
      error: 'TypeError: cannot handle',
    });
    healed = true;
    expect(await inbox.replayDeadLetter(letter?.id ?? '')).toBe(true);
    expect(await inbox.replayDeadLetter(letter?.id ?? '')).toBe(false);
    await inbox.idle();
    expect(runs).toEqual(['bad', 'bad', 'next', 'bad']);
    await worker.close();
  });

  it('events arriving during a failing run or its backoff wait behind it: the backoff is not cut short', async () => {
    const inbox = createMemoryInbox();
    const runs: { body: string; at: number }[] = [];
    const handler = createWebhookHandler({ secret: SECRET, inbox }).on(
      'talk.message_created',
      async (event) => {
        runs.push({ body: event.message.body, at: Date.now() });
        if (event.message.body !== 'bad' || runs.length > 1) return;
        // Stored while this run is in progress (the webhook answers at once), then this run fails.
        expect((await handler(await createSignedRequest(message(4, 2, 'during'), SECRET))).status).toBe(200);
        throw new TypeError('not yet');
      },
    );
    let failed: () => void = () => undefined;
    const firstFailure = new Promise<void>((resolve) => {
      failed = resolve;
    });
    const worker = inbox.worker({ handler, backoffMs: 300, onError: () => failed() });
    await handler(await createSignedRequest(message(4, 1, 'bad'), SECRET));
    await firstFailure;
    await handler(await createSignedRequest(message(4, 3, 'after'), SECRET));
    await inbox.idle();
    expect(runs.map((run) => run.body)).toEqual(['bad', 'bad', 'during', 'after']);
    expect((runs[1]?.at ?? 0) - (runs[0]?.at ?? 0)).toBeGreaterThanOrEqual(290);
    await worker.close();
  });

  it('send ledger: a re-run skips confirmed sends, an unknown outcome goes to the hook (default skip), a refused send is sent again', async () => {
    let posts = 0;
    api.use(
      http.post(MESSAGES_URL, async ({ request }) => {
        posts++;
        const { body } = (await request.json()) as { body: string };
        if (body === 'slow' && posts === 2) await sleep(300); // the first "slow" times out: outcome unknown
        if (body === 'refused' && posts === 3) return HttpResponse.json({ error: 'bad' }, { status: 400 });
        return HttpResponse.json({ message_id: `m${posts}` });
      }),
    );
    const inbox = createMemoryInbox();
    const seen: string[] = [];
    const unknown: number[] = [];
    const handler = createWebhookHandler({ secret: SECRET, inbox, client: client({ timeout: 100 }) }).on(
      'talk.message_created',
      async (_event, ctx) => {
        const first = await ctx.reply('first');
        seen.push(`first:${first.headers.get(LEDGER_HEADER) ?? 'sent'}`);
        const slow = await ctx.reply('slow');
        seen.push(`slow:${slow.headers.get(LEDGER_HEADER) ?? 'sent'}`);
        await ctx.reply('refused');
        seen.push('refused:sent');
      },
    );
    await handler(await createSignedRequest(message(8, 1), SECRET));
    const worker = inbox.worker({
      handler,
      backoffMs: 1,
      onUnknownOutcome: (send) => {
        unknown.push(send.index);
        return 'skip';
      },
      onError: () => {},
    });
    await inbox.idle();
    await worker.close();
    // Run 1: first sent, slow timed out. Run 2: first replayed, slow skipped (unknown), refused 400.
    // Run 3: first replayed, slow skipped again, refused sent (the 400 was forgotten).
    expect(seen).toEqual([
      'first:sent',
      'first:replayed',
      'slow:skipped-unknown',
      'first:replayed',
      'slow:skipped-unknown',
      'refused:sent',
    ]);
    expect(unknown).toEqual([1, 1]);
    expect(posts).toBe(4);
    expect(await inbox.listDeadLetters()).toEqual([]);
  });

  it('a 429 pauses the worker for Retry-After and is not counted as a failed run', async () => {
    const at: number[] = [];
    api.use(
      http.post(MESSAGES_URL, () => {
        at.push(Date.now());
        if (at.length === 1) return new HttpResponse(null, { status: 429, headers: { 'retry-after': '1' } });
        return HttpResponse.json({ message_id: 'ok' });
      }),
    );
    const inbox = createMemoryInbox();
    const handler = createWebhookHandler({ secret: SECRET, inbox, client: client() }).on(
      'talk.message_created',
      async (_event, ctx) => void (await ctx.reply('hi')),
    );
    await handler(await createSignedRequest(message(2, 1), SECRET));
    const phases: string[] = [];
    const worker = inbox.worker({
      handler,
      maxAttempts: 1,
      onError: (_e, info) => void phases.push(info.phase),
    });
    await inbox.idle();
    await worker.close();
    expect(phases).toEqual(['rate-limit']);
    expect(at).toHaveLength(2);
    expect((at[1] ?? 0) - (at[0] ?? 0)).toBeGreaterThanOrEqual(950);
    expect(await inbox.listDeadLetters()).toEqual([]); // maxAttempts 1, yet not dead: the 429 did not count
  });

  it('close() parks rooms waiting out a backoff or a 429 pause: idle() settles, and the next worker runs them', async () => {
    let posts = 0;
    api.use(
      http.post(MESSAGES_URL, () => {
        posts += 1;
        return posts === 1
          ? new HttpResponse(null, { status: 429, headers: { 'retry-after': '1' } })
          : HttpResponse.json({ message_id: 'ok' });
      }),
    );
    const inbox = createMemoryInbox();
    let failing = true;
    const ran: string[] = [];
    const handler = createWebhookHandler({ secret: SECRET, inbox, client: client() }).on(
      'talk.message_created',
      async (event, ctx) => {
        ran.push(event.event_id);
        if (event.message.room_id === 1 && failing) throw new Error('first run fails');
        if (event.message.room_id === 2) await ctx.reply('hi');
      },
    );
    await handler(await createSignedRequest(message(1, 1), SECRET)); // fails, then waits its 10 s backoff
    await handler(await createSignedRequest(message(2, 1), SECRET)); // its reply gets a 429 with Retry-After: 1
    const phases: string[] = [];
    const first = inbox.worker({
      handler,
      backoffMs: 10_000,
      onError: (_e, info) => void phases.push(info.phase),
    });
    while (phases.length < 2) await sleep(5);
    await first.close();
    await inbox.idle(); // parked rooms do not hold it (this hung: they were put back as ready)
    expect(ran).toEqual(['evt_1_1', 'evt_2_1']);
    failing = false;
    const second = inbox.worker({ handler, onError: () => {} });
    // Room 1 runs again, and room 2 once the pause is over (it was lost with its timer).
    await inbox.idle();
    await second.close();
    expect(ran.filter((id) => id === 'evt_1_1')).toHaveLength(2);
    expect(ran.filter((id) => id === 'evt_2_1')).toHaveLength(2);
    expect(posts).toBe(2);
    expect(await inbox.listDeadLetters()).toEqual([]);
  });

  it('handleEvent rejects a stored payload that is not an event; the worker dead-letters it without stopping the room', async () => {
    const inbox = createMemoryInbox();
    const handler = createWebhookHandler({ secret: SECRET }).on('talk.message_created', () => {});
    await inbox.enqueue({
      id: 'x1',
      lane: 'room',
      payload: { event: { event_type: 'talk.message_created' } },
    });
    await inbox.enqueue({ id: 'x2', lane: 'room', payload: { event: message(1, 2) } });
    const worker = inbox.worker({ handler, maxAttempts: 1, onError: () => {} });
    await inbox.idle();
    await worker.close();
    const letters = await inbox.listDeadLetters();
    expect(letters.map((letter) => letter.id)).toEqual(['x1']);
    expect(letters[0]?.error).toMatch(/^WebhookPayloadError/);
  });

  it('refuses a worker without exactly one of handler and process', () => {
    const inbox = createMemoryInbox();
    expect(() => inbox.worker({})).toThrow(/exactly one of handler and process/);
  });
});

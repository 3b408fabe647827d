import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { inboxCommand } from '../../src/cli/commands/inbox.js';
import { MoMoTalkRateLimitError } from '../../src/errors/api-error.js';
import { MemoryIdempotencyStore } from '../../src/idempotency/memory-store.js';
import { createBullMQInbox, createInboxWorker, type InboxWorker } from '../../src/inbox/index.js';
import { createWebhookHandler } from '../../src/index.js';
import { createMessageCreatedEvent } from '../../src/testing/create-message-created-event.js';
import { createSignedRequest } from '../../src/testing/create-signed-request.js';
import { BOT_ID, SECRET } from '../support/index.js';
import { type RedisServer, redisAvailability, startRedisServer } from '../support/redis-server.js';

const { run } = redisAvailability();
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function until(check: () => boolean, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await sleep(20);
  }
}

function message(room: number, n: number, body = `m${n}`) {
  return createMessageCreatedEvent({
    bot_id: BOT_ID,
    event_id: `evt_${room}_${n}`,
    message: { room_id: room, body },
  });
}

describe.runIf(run)('the BullMQ inbox on a real redis-server', () => {
  let server: RedisServer;
  let queue = 0;
  const workers: InboxWorker[] = [];
  const closers: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterEach(async () => {
    for (const worker of workers.splice(0)) await worker.close();
    for (const close of closers.splice(0)) await close();
  });
  afterAll(async () => {
    await server?.stop();
  });

  /** A fresh queue per test, so tests do not see each other's lanes. */
  function newInbox(extra: { enableOfflineQueue?: boolean; port?: number } = {}) {
    const inbox = createBullMQInbox({
      connection: {
        host: '127.0.0.1',
        port: extra.port ?? server.port,
        enableOfflineQueue: extra.enableOfflineQueue ?? true,
      },
      name: `inbox-test-${process.pid}-${++queue}`,
    });
    closers.push(() => inbox.close());
    return inbox;
  }

  it('answers 200 once the event is stored, and a worker runs each room in order, rooms in parallel', async () => {
    const inbox = newInbox();
    const processed: string[] = [];
    let running = 0;
    let maxRunning = 0;
    const perRoom = new Map<number, number>();
    const handler = createWebhookHandler({ secret: SECRET, inbox }).on(
      'talk.message_created',
      async (event) => {
        const room = Number(event.message.room_id);
        perRoom.set(room, (perRoom.get(room) ?? 0) + 1);
        expect(perRoom.get(room)).toBe(1); // one at a time per room
        running++;
        maxRunning = Math.max(maxRunning, running);
        await sleep(5);
        processed.push(`${room}:${event.message.body}`);
        running--;
        perRoom.set(room, 0);
      },
    );
    for (let n = 0; n < 10; n++) {
      for (const room of [1, 2, 3, 4]) {
        const response = await handler(await createSignedRequest(message(room, n), SECRET));
        expect(response.status).toBe(200);
      }
    }
    expect(processed).toEqual([]); // nothing ran in the webhook
    workers.push(createInboxWorker({ inbox, handler, concurrency: 4 }));
    await until(() => processed.length === 40);
    for (const room of [1, 2, 3, 4]) {
      const order = processed.filter((line) => line.startsWith(`${room}:`)).map((line) => line.split(':')[1]);
      expect(order).toEqual(Array.from({ length: 10 }, (_, n) => `m${n}`));
    }
    expect(maxRunning).toBeGreaterThan(1); // rooms ran in parallel
  });

  it('stores a redelivery once: the same event id enqueued twice runs once', async () => {
    const inbox = newInbox();
    const seen: string[] = [];
    const handler = createWebhookHandler({ secret: SECRET, inbox, dedupe: false }).on(
      'talk.message_created',
      (event) => void seen.push(event.event_id),
    );
    const event = message(9, 1);
    expect((await handler(await createSignedRequest(event, SECRET))).status).toBe(200);
    expect((await handler(await createSignedRequest(event, SECRET))).status).toBe(200);
    workers.push(createInboxWorker({ inbox, handler }));
    await until(() => seen.length === 1);
    await sleep(300);
    expect(seen).toEqual([event.event_id]);
  });

  it('retries a failing event with backoff (its room waits behind it), then dead-letters it; replay runs it again', async () => {
    const inbox = newInbox();
    const runs: string[] = [];
    let healed = false;
    const handler = createWebhookHandler({ secret: SECRET, inbox }).on('talk.message_created', (event) => {
      runs.push(event.message.body);
      if (event.message.body === 'poison' && !healed) throw new Error('handler bug');
    });
    await handler(await createSignedRequest(message(5, 1, 'poison'), SECRET));
    await handler(await createSignedRequest(message(5, 2, 'after'), SECRET));
    const failures: string[] = [];
    workers.push(
      createInboxWorker({
        inbox,
        handler,
        maxAttempts: 3,
        backoffMs: 50,
        onError: (_error, info) => void failures.push(`${info.phase}:${info.attempt}`),
      }),
    );
    await until(() => runs.includes('after'));
    expect(runs).toEqual(['poison', 'poison', 'poison', 'after']);
    expect(failures).toEqual(['process:1', 'process:2', 'dead-letter:3']);
    const letters = await inbox.listDeadLetters();
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({
      id: `momotalk:${BOT_ID}:evt_5_1`,
      lane: `momotalk:${BOT_ID}:room:5`,
      attempts: 3,
      error: 'Error: handler bug',
    });
    healed = true;
    // The CLI lists and replays it (here with a password-less URL; the output names no connection detail).
    const lines: string[] = [];
    const io = {
      env: {},
      out: (line: string) => void lines.push(line),
      err: (line: string) => void lines.push(`! ${line}`),
      readStdin: async () => new Uint8Array(),
      stdinIsTTY: true,
      readFile: async () => new Uint8Array(),
    };
    const cli = { 'redis-url': server.url, queue: inbox.name };
    expect(await inboxCommand.run(cli, ['dead-letters'], io)).toBe(0);
    expect(lines[0]).toMatch(
      new RegExp(
        `^momotalk:${BOT_ID}:evt_5_1\tmomotalk:${BOT_ID}:room:5\t3 attempts\t.+\tError: handler bug$`,
      ),
    );
    expect(lines[1]).toBe(`! 1 dead letter(s) in ${inbox.name}`);
    expect(await inboxCommand.run(cli, ['replay', letters[0]?.id ?? ''], io)).toBe(0);
    expect(lines[2]).toBe(`replayed ${letters[0]?.id}`);
    expect(await inboxCommand.run(cli, ['replay', letters[0]?.id ?? ''], io)).toBe(1);
    expect(await inbox.replayDeadLetter(letters[0]?.id ?? '')).toBe(false);
    await until(() => runs.length === 5);
    expect(runs.at(-1)).toBe('poison');
    expect(await inbox.listDeadLetters()).toEqual([]);
  });

  it('a 429 pauses every worker of the queue for Retry-After (BullMQ rate limit), without counting a run', async () => {
    const inbox = newInbox();
    const starts: [string, number][] = [];
    let limited = false;
    const process = (job: { id: string }) => {
      starts.push([job.id, Date.now()]);
      if (!limited) {
        limited = true;
        throw new MoMoTalkRateLimitError({
          status: 429,
          method: 'POST',
          path: `/bots/${BOT_ID}/messages`,
          body: undefined,
          headers: new Headers({ 'retry-after': '1' }),
          requestId: undefined,
          retryAfter: 1,
        });
      }
    };
    await inbox.enqueue({ id: 'a', lane: 'room-a', payload: {} });
    const phases: string[] = [];
    const options = {
      inbox,
      process,
      maxAttempts: 1,
      onError: (_e: unknown, info: { phase: string }) => void phases.push(info.phase),
    };
    workers.push(createInboxWorker(options), createInboxWorker(options)); // two workers share the pause
    await until(() => starts.length === 1);
    await inbox.enqueue({ id: 'b', lane: 'room-b', payload: {} }); // another room, during the pause
    await until(() => starts.length === 3);
    const pausedAt = starts[0]?.[1] ?? 0;
    for (const [, at] of starts.slice(1)) expect(at - pausedAt).toBeGreaterThanOrEqual(900);
    expect(starts.map(([id]) => id).sort()).toEqual(['a', 'a', 'b']);
    expect(phases).toEqual(['rate-limit']);
    expect(await inbox.listDeadLetters()).toEqual([]); // maxAttempts 1, yet the 429 run did not count
  });

  it('answers 503 inbox_unavailable when Redis cannot be reached, and releases the claim', async () => {
    const store = new MemoryIdempotencyStore();
    const down = newInbox({ port: 1, enableOfflineQueue: false });
    const phases: string[] = [];
    const failing = createWebhookHandler({
      secret: SECRET,
      inbox: down,
      dedupe: { store, timeoutMs: 1000 },
      onError: (_error, info) => void phases.push(info.phase),
    });
    const event = message(7, 1);
    const response = await failing(await createSignedRequest(event, SECRET));
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ error: 'inbox_unavailable' });
    expect(response.headers.get('retry-after')).toBe('1');
    expect(phases).toEqual(['inbox']);
    // The claim was released: the redelivery, to a working inbox, is stored and runs.
    const inbox = newInbox();
    const seen: string[] = [];
    const handler = createWebhookHandler({ secret: SECRET, inbox, dedupe: { store } }).on(
      'talk.message_created',
      (e) => void seen.push(e.event_id),
    );
    expect((await handler(await createSignedRequest(event, SECRET))).status).toBe(200);
    workers.push(createInboxWorker({ inbox, handler }));
    await until(() => seen.length === 1);
  });

  it('graceful shutdown: close() lets the running event finish and leaves the rest for the next worker', async () => {
    const inbox = newInbox();
    const done: string[] = [];
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let started = false;
    const handler = createWebhookHandler({ secret: SECRET, inbox }).on(
      'talk.message_created',
      async (event) => {
        started = true;
        if (event.message.body === 'm0') await gate;
        done.push(event.message.body);
      },
    );
    for (let n = 0; n < 3; n++) await handler(await createSignedRequest(message(11, n), SECRET));
    const first = createInboxWorker({ inbox, handler });
    await until(() => started);
    const closing = first.close();
    release();
    await closing;
    expect(done).toEqual(['m0']);
    workers.push(createInboxWorker({ inbox, handler, sweepIntervalMs: 100 }));
    await until(() => done.length === 3);
    expect(done).toEqual(['m0', 'm1', 'm2']);
  });
});

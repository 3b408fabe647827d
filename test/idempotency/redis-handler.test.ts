import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisIdempotencyStore } from '../../src/idempotency/redis-store.js';
import { createWebhookHandler } from '../../src/momotalk/handler/create-webhook-handler.js';
import { messageEvent, SECRET, signedRequest } from '../handler/support.js';
import { type RedisServer, redisAvailability, startRedisServer } from '../support/redis-server.js';

const { run } = redisAvailability();
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe.runIf(run)('two handler instances sharing one real Redis', () => {
  let server: RedisServer;
  let io: Redis;
  let node: ReturnType<typeof createClient>;
  let prefix = 0;

  beforeAll(async () => {
    server = await startRedisServer();
    io = new Redis(server.url, { maxRetriesPerRequest: 1 });
    node = createClient({ url: server.url });
    await node.connect();
  });

  afterAll(async () => {
    await io?.quit();
    await node?.quit();
    await server?.stop();
  });

  /** Instance A on ioredis, instance B on node-redis, one key space; `onMessage` is each instance's code. */
  function instances(
    onMessage: (instance: 'A' | 'B', eventId: string) => Promise<void>,
    claimTtlMs = 60_000,
  ) {
    const keyPrefix = `burst${++prefix}:`;
    const make = (name: 'A' | 'B', client: Redis | typeof node) =>
      createWebhookHandler({
        secret: SECRET,
        onError: () => {},
        dedupe: { store: new RedisIdempotencyStore({ client, keyPrefix }), claimTtlMs },
      }).on('talk.message_created', (event) => onMessage(name, event.event_id));
    return { a: make('A', io), b: make('B', node) };
  }

  it('processes each event of a burst of concurrent redeliveries exactly once', async () => {
    const processed = new Map<string, number>();
    const { a, b } = instances(async (_instance, eventId) => {
      await sleep(15); // long enough for redeliveries to arrive while the first is running
      processed.set(eventId, (processed.get(eventId) ?? 0) + 1);
    });
    const events = Array.from({ length: 20 }, (_, index) => messageEvent(`evt_burst_${index}`));
    const deliveries = events.flatMap((event, index) =>
      Array.from({ length: 6 }, (_, copy) => ((index + copy) % 2 === 0 ? a : b)(signedRequest(event))),
    );
    const statuses = (await Promise.all(deliveries)).map((response) => response.status);
    expect(new Set(statuses)).toEqual(new Set(statuses.filter((status) => status === 200 || status === 409)));
    expect(statuses.filter((status) => status === 409).length).toBeGreaterThan(0);
    expect([...processed.keys()].sort()).toEqual(events.map((event) => event.event_id).sort());
    expect([...processed.values()].every((count) => count === 1)).toBe(true);

    // Once done, every redelivery (to either instance) is a 200 duplicate, not run again.
    const later = await Promise.all(events.map((event, index) => (index % 2 ? a : b)(signedRequest(event))));
    expect(later.map((response) => response.status)).toEqual(events.map(() => 200));
    expect([...processed.values()].every((count) => count === 1)).toBe(true);
  });

  it('a failure on one instance releases the claim: the redelivery runs on the other', async () => {
    const runs: string[] = [];
    const { a, b } = instances(async (instance) => {
      runs.push(instance);
      if (instance === 'A') throw new Error('crashed mid-processing');
    });
    const event = messageEvent('evt_crash');
    expect((await a(signedRequest(event))).status).toBe(500);
    expect((await b(signedRequest(event))).status).toBe(200);
    expect((await a(signedRequest(event))).status).toBe(200);
    expect(runs).toEqual(['A', 'B']);
  });

  it('an instance that dies holding a claim blocks redeliveries (409) only until the claim expires', async () => {
    const runs: string[] = [];
    const { a, b } = instances(async (instance) => {
      runs.push(instance);
      if (instance === 'A') await new Promise(() => {}); // never finishes: the process "died"
    }, 200);
    const event = messageEvent('evt_dead');
    void a(signedRequest(event));
    await expect.poll(() => runs).toEqual(['A']);
    expect((await b(signedRequest(event))).status).toBe(409);
    await sleep(300);
    expect((await b(signedRequest(event))).status).toBe(200);
    expect(runs).toEqual(['A', 'B']);
  });
});

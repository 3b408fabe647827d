import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisIdempotencyStore } from '../../src/idempotency/redis-store.js';
import { type RedisServer, redisAvailability, startRedisServer } from './redis-server.js';
import { storeContract } from './store-contract.js';

const { run } = redisAvailability();
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe.runIf(run)('RedisIdempotencyStore on a real redis-server', () => {
  let server: RedisServer;
  let io: Redis;
  let node: ReturnType<typeof createClient>;

  beforeAll(async () => {
    server = await startRedisServer();
    io = new Redis(server.url, { lazyConnect: false, maxRetriesPerRequest: 1 });
    node = createClient({ url: server.url });
    await node.connect();
  });

  afterAll(async () => {
    await io?.quit();
    await node?.quit();
    await server?.stop();
  });

  describe('with ioredis', () => {
    storeContract(() => ({ store: new RedisIdempotencyStore({ client: io }), advance: sleep }));
  });

  describe('with node-redis', () => {
    storeContract(() => ({ store: new RedisIdempotencyStore({ client: node }), advance: sleep }));
  });

  it('shares state between the two clients (same keys, same format)', async () => {
    const viaIo = new RedisIdempotencyStore({ client: io });
    const viaNode = new RedisIdempotencyStore({ client: node });
    const claim = await viaIo.claim('shared:1', { claimTtlMs: 60_000 });
    if (claim.status !== 'claimed') throw new Error('expected a claim');
    expect(await viaNode.claim('shared:1', { claimTtlMs: 60_000 })).toEqual({ status: 'in_progress' });
    await viaNode.complete('shared:1', claim.token, { ttlMs: 60_000 });
    expect(await viaIo.claim('shared:1', { claimTtlMs: 60_000 })).toEqual({ status: 'done' });
  });

  it('stores keys under the prefix with a TTL (the claim expires by itself)', async () => {
    const store = new RedisIdempotencyStore({ client: io, keyPrefix: 'pfx:' });
    await store.claim('ttl-check', { claimTtlMs: 60_000 });
    const ttl = await io.pttl('pfx:ttl-check');
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);
  });

  it('refuses something that is not a Redis client', () => {
    expect(() => new RedisIdempotencyStore({ client: {} as never })).toThrow(/ioredis client/);
  });
});

import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IoRedisLike } from '../../src/idempotency/redis-command.js';
import { COMPLETE_SCRIPT, RELEASE_SCRIPT } from '../../src/idempotency/redis-scripts.js';
import { RedisIdempotencyStore } from '../../src/idempotency/redis-store.js';
import { type RedisServer, redisAvailability, startRedisServer } from '../support/redis-server.js';
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

  it('runs complete/release by SHA-1 (EVALSHA), falling back to EVAL after SCRIPT FLUSH (NOSCRIPT), on both clients', async () => {
    const sent: string[] = [];
    const recordingIo: IoRedisLike = {
      call: (command, ...args) => {
        sent.push(command);
        return io.call(command, ...args);
      },
    };
    const recordingNode = {
      sendCommand: (args: string[]) => {
        sent.push(args[0] as string);
        return node.sendCommand(args);
      },
    };
    let keys = 0;
    for (const client of [recordingIo, recordingNode]) {
      const store = new RedisIdempotencyStore({ client });
      for (const [name, finish] of [
        ['complete', (key: string, token: string) => store.complete(key, token, { ttlMs: 60_000 })],
        ['release', (key: string, token: string) => store.release(key, token)],
      ] as const) {
        await io.call('SCRIPT', 'FLUSH');
        for (const round of [1, 2]) {
          keys += 1;
          const key = `sha:${name}:${keys}`;
          const claim = await store.claim(key, { claimTtlMs: 60_000 });
          if (claim.status !== 'claimed') throw new Error('expected a claim');
          sent.length = 0;
          await finish(key, claim.token);
          // First after the flush: EVALSHA fails with NOSCRIPT, EVAL runs (and caches) it; then EVALSHA only.
          expect(sent).toEqual(round === 1 ? ['EVALSHA', 'EVAL'] : ['EVALSHA']);
          expect(await store.claim(key, { claimTtlMs: 60_000 })).toEqual(
            name === 'complete' ? { status: 'done' } : expect.objectContaining({ status: 'claimed' }),
          );
        }
      }
    }
  });

  it('the precomputed SHA-1s match the scripts (as SCRIPT LOAD answers)', async () => {
    for (const script of [COMPLETE_SCRIPT, RELEASE_SCRIPT]) {
      expect(script.sha1).toBe(createHash('sha1').update(script.source).digest('hex'));
      expect(await io.call('SCRIPT', 'LOAD', script.source)).toBe(script.sha1);
    }
  });

  it('passes other script errors through (no EVAL retry)', async () => {
    const sent: string[] = [];
    const failing: IoRedisLike = {
      call: async (command) => {
        sent.push(command);
        throw new Error('READONLY You can not write against a read only replica.');
      },
    };
    const store = new RedisIdempotencyStore({ client: failing });
    await expect(store.complete('k', 't', { ttlMs: 1_000 })).rejects.toThrow(/READONLY/);
    expect(sent).toEqual(['EVALSHA']);
  });

  it('refuses something that is not a Redis client', () => {
    expect(() => new RedisIdempotencyStore({ client: {} as never })).toThrow(/ioredis client/);
  });
});

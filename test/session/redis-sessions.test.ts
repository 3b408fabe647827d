import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DELETE_SESSION_SCRIPT, WRITE_SESSION_SCRIPT } from '../../src/bot/session/redis-session-scripts.js';
import { RedisSessionStorage } from '../../src/bot/session/redis-session-storage.js';
import { type SessionFlavor, session } from '../../src/bot/session/session.js';
import type { SessionContext } from '../../src/bot/session/session-key.js';
import type { IoRedisLike } from '../../src/idempotency/redis-command.js';
import { BOT_ID } from '../support/index.js';
import { type RedisServer, redisAvailability, startRedisServer } from '../support/redis-server.js';
import { storageContract } from './storage-contract.js';
import { contextFor } from './support.js';

const { run } = redisAvailability();
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const INSTANCE = fileURLToPath(new URL('../fixtures/session/counter-instance.mjs', import.meta.url));

describe.runIf(run)('sessions on a real redis-server', () => {
  let server: RedisServer;
  let io: Redis;
  let node: ReturnType<typeof createClient>;

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

  describe('RedisSessionStorage with ioredis', () => {
    storageContract(() => ({ storage: new RedisSessionStorage({ client: io }), advance: sleep }));
  });

  describe('RedisSessionStorage with node-redis', () => {
    storageContract(() => ({ storage: new RedisSessionStorage({ client: node }), advance: sleep }));
  });

  it('the precomputed SHA-1s match the scripts (as SCRIPT LOAD answers)', async () => {
    for (const script of [WRITE_SESSION_SCRIPT, DELETE_SESSION_SCRIPT]) {
      expect(script.sha1).toBe(createHash('sha1').update(script.source).digest('hex'));
      expect(await io.call('SCRIPT', 'LOAD', script.source)).toBe(script.sha1);
    }
  });

  it('stores one key under the prefix, with the ttl as its PX expiry (cleared by a write without ttl)', async () => {
    const storage = new RedisSessionStorage({ client: io, keyPrefix: 'pfx:' });
    await storage.write('ttl', '{}', { expectedVersion: undefined, ttlMs: 60_000 });
    const ttl = await io.pttl('pfx:ttl');
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);
    await storage.write('ttl', '{}', { expectedVersion: (await storage.read('ttl'))?.version });
    expect(await io.pttl('pfx:ttl')).toBe(-1);
  });

  it('resets a value it did not write (no version) instead of failing every update', async () => {
    const storage = new RedisSessionStorage({ client: io });
    await io.set(`momotalk:session:${BOT_ID}:room:77`, 'written by someone else');
    const mw = session({ initial: () => ({ count: 0 }), storage, onConflict: 'throw' });
    const ctx = contextFor(77) as SessionContext & SessionFlavor<{ count: number }>;
    await mw(ctx, async () => {
      (await ctx.session).count += 1;
    });
    expect((await storage.read(`${BOT_ID}:room:77`))?.data).toBe('{"count":1}');
  });

  it('costs one round trip for an update that reads the session, two for one that changes it, none untouched', async () => {
    const sent: string[] = [];
    const recording: IoRedisLike = {
      call: (command, ...args) => {
        sent.push(command);
        return io.call(command, ...args);
      },
    };
    const mw = session({
      initial: () => ({ count: 0 }),
      storage: new RedisSessionStorage({ client: recording }),
    });
    const roundTrips = async (handler: (s: { count: number }) => void) => {
      sent.length = 0;
      const ctx = contextFor(88) as SessionContext & SessionFlavor<{ count: number }>;
      await mw(ctx, async () => {
        if (handler.length > 0) handler(await ctx.session);
      });
      return [...sent];
    };
    await roundTrips((s) => {
      s.count += 1; // caches the script (EVALSHA, or EVAL after NOSCRIPT on a fresh server)
    });
    expect(await roundTrips((s) => void s.count)).toEqual(['GET']);
    expect(
      await roundTrips((s) => {
        s.count += 1;
      }),
    ).toEqual(['GET', 'EVALSHA']);
    expect(await roundTrips(() => undefined)).toEqual([]);
  });

  /** Starts one bot instance per process, lines them up, lets them race, and returns what each saw. */
  async function race(onConflict: 'retry' | 'throw', instances: number, updates: number) {
    const children: ChildProcess[] = [];
    try {
      const ready: Promise<void>[] = [];
      const reports: Promise<{ ok: number; conflicts: number; other: string[]; runs: number }>[] = [];
      for (let i = 0; i < instances; i++) {
        const child = spawn(process.execPath, [INSTANCE, server.url, onConflict, String(updates)], {
          stdio: ['pipe', 'pipe', 'inherit'],
        });
        children.push(child);
        const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream })[
          Symbol.asyncIterator
        ]();
        const next = async () => {
          const line = await lines.next();
          if (line.done) throw new Error(`instance ${i} exited early (${child.exitCode})`);
          return line.value;
        };
        const first = next();
        ready.push(first.then((line) => expect(line).toBe('ready')));
        reports.push(first.then(next).then((line) => JSON.parse(line)));
      }
      await Promise.all(ready);
      for (const child of children) child.stdin?.write('go\n');
      return await Promise.all(reports);
    } finally {
      for (const child of children) if (child.exitCode === null) child.kill();
    }
  }

  const counter = async () => {
    const raw = await io.get(`momotalk:session:${BOT_ID}:room:1`);
    return raw === null ? 0 : (JSON.parse(raw.slice(raw.indexOf('|') + 1)) as { count: number }).count;
  };

  it("2 processes x 500 concurrent increments of one room (onConflict 'retry') -> exactly 1000, none lost", async () => {
    await io.del(`momotalk:session:${BOT_ID}:room:1`);
    const reports = await race('retry', 2, 500);
    expect(reports.map((r) => [r.ok, r.conflicts, r.other])).toEqual([
      [500, 0, []],
      [500, 0, []],
    ]);
    expect(await counter()).toBe(1000);
    // The instances did collide (so the retries were exercised), and each retry ran the handler again.
    const runs = reports.reduce((sum, r) => sum + r.runs, 0);
    console.info(`retry race: ${runs - 1000} re-runs for 1000 updates`);
    expect(runs).toBeGreaterThan(1000);
  }, 60_000);

  it("2 processes x 500 concurrent increments (onConflict 'throw') -> every update either counted or refused, none lost", async () => {
    await io.del(`momotalk:session:${BOT_ID}:room:1`);
    const reports = await race('throw', 2, 500);
    const ok = reports.reduce((sum, r) => sum + r.ok, 0);
    const conflicts = reports.reduce((sum, r) => sum + r.conflicts, 0);
    expect(reports.flatMap((r) => r.other)).toEqual([]);
    expect(ok + conflicts).toBe(1000);
    expect(conflicts).toBeGreaterThan(0);
    expect(await counter()).toBe(ok);
  }, 60_000);
});

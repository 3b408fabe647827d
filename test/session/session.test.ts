import { inspect } from 'node:util';
import { describe, expect, expectTypeOf, it } from 'vitest';
import * as z from 'zod/mini';
import { MemorySessionStorage } from '../../src/bot/session/memory-session-storage.js';
import { type SessionFlavor, session } from '../../src/bot/session/session.js';
import { getSessionKey, type SessionContext } from '../../src/bot/session/session-key.js';
import { isMoMoTalkError } from '../../src/errors/momotalk-error.js';
import { isSessionConflictError, SessionConflictError } from '../../src/errors/session-conflict-error.js';
import { BOT_ID } from '../support/index.js';
import { CountingStorage, contextFor } from './support.js';

type Counter = { count: number };
type Ctx = SessionContext & SessionFlavor<Counter>;

/** One update through the session middleware, then `handler` (the rest of the chain). */
function update<S>(
  middleware: (ctx: SessionContext & SessionFlavor<S>, next: () => Promise<void>) => unknown,
  handler: (ctx: SessionContext & SessionFlavor<S>) => unknown,
  ctx: SessionContext = contextFor(),
): Promise<unknown> {
  const flavoured = ctx as SessionContext & SessionFlavor<S>;
  return Promise.resolve(middleware(flavoured, async () => void (await handler(flavoured))));
}

const increment = async (ctx: Ctx) => {
  const s = await ctx.session;
  s.count += 1;
};

describe('session()', () => {
  it('is lazy: an update that never touches ctx.session reads and writes nothing', async () => {
    const storage = new CountingStorage(new MemorySessionStorage());
    const mw = session({ initial: () => ({ count: 0 }), storage });
    await update(mw, () => undefined);
    expect([storage.reads, storage.writes]).toEqual([0, 0]);
  });

  it('reads once per update, however often touched, and writes only a changed session', async () => {
    const storage = new CountingStorage(new MemorySessionStorage());
    const mw = session({ initial: () => ({ count: 0 }), storage });
    await update(mw, async (ctx) => {
      await ctx.session;
      await ctx.session;
    });
    expect([storage.reads, storage.writes]).toEqual([1, 0]); // initial, unchanged: nothing stored
    await update(mw, increment);
    expect([storage.reads, storage.writes]).toEqual([2, 1]);
    await update(mw, async (ctx) => {
      (await ctx.session).count = 1; // same JSON as stored
    });
    expect([storage.reads, storage.writes]).toEqual([3, 1]);
    await update(mw, increment);
    expect(JSON.parse((await storage.inner.read(`${BOT_ID}:room:1`))?.data ?? '')).toEqual({ count: 2 });
  });

  it('keeps one session per room by default, per user or per user in a room by option', async () => {
    const storage = new MemorySessionStorage();
    const seen: number[] = [];
    const record = async (ctx: Ctx) => {
      const s = await ctx.session;
      s.count += 1;
      seen.push(s.count);
    };
    for (const key of ['room', 'user', 'room-user'] as const) {
      seen.length = 0;
      const mw = session<Counter>({ initial: () => ({ count: 0 }), storage, key });
      await update(mw, record, contextFor(1, 'user_a'));
      await update(mw, record, contextFor(1, 'user_b'));
      await update(mw, record, contextFor(2, 'user_a'));
      await update(mw, record, contextFor(1, 'user_a'));
      expect({ key, seen }).toEqual({
        key,
        seen: { room: [1, 2, 1, 3], user: [1, 1, 2, 3], 'room-user': [1, 1, 1, 2] }[key],
      });
    }
  });

  it('builds keys no id can forge, and per bot', () => {
    const ctx = (roomId: string, senderId: string) => ({ roomId, senderId, event: { bot_id: 'bot:1' } });
    expect(getSessionKey(ctx('a:b', 'c'), 'room-user')).not.toBe(getSessionKey(ctx('a', 'b:c'), 'room-user'));
    expect(getSessionKey(ctx('1', 'u'), 'room')).toBe('bot%3A1:room:1');
    expect(getSessionKey({ roomId: 7, event: {} }, 'room')).toBe('room:7');
    expect(getSessionKey({ roomId: 7, event: null }, 'user')).toBeUndefined();
    expect(getSessionKey({ roomId: Number.NaN, event: {} }, 'room')).toBeUndefined();
    expect(getSessionKey({ roomId: 7, event: {} }, (c) => `custom:${c.roomId}`)).toBe('custom:7');
  });

  it('rejects a touch of ctx.session when the update has no key, and costs nothing otherwise', async () => {
    const storage = new CountingStorage(new MemorySessionStorage());
    const mw = session({ initial: () => ({ count: 0 }), storage });
    const noRoom: SessionContext = { senderId: 'user_1', event: { bot_id: BOT_ID } };
    await update(mw, () => undefined, noRoom);
    const failed = update(mw, increment, noRoom);
    await expect(failed).rejects.toThrow(/has no session key/);
    await failed.catch((error: unknown) => expect(isMoMoTalkError(error)).toBe(true));
    await expect(
      update(
        mw,
        (ctx: Ctx) => {
          ctx.session = { count: 1 };
        },
        noRoom,
      ),
    ).rejects.toThrow(/has no session key/);
    expect(storage.reads + storage.writes).toBe(0);
  });

  it('writes nothing when a handler fails', async () => {
    const storage = new CountingStorage(new MemorySessionStorage());
    const mw = session({ initial: () => ({ count: 0 }), storage });
    await expect(
      update(mw, async (ctx: Ctx) => {
        (await ctx.session).count = 5;
        throw new Error('handler failed');
      }),
    ).rejects.toThrow('handler failed');
    expect(storage.writes).toBe(0);
  });

  it('replaces the session on assignment and deletes it on undefined', async () => {
    const storage = new CountingStorage(new MemorySessionStorage());
    const mw = session({ initial: () => ({ count: 0 }), storage });
    await update(mw, (ctx: Ctx) => {
      ctx.session = { count: 41 };
    });
    await update(mw, increment);
    expect((await storage.inner.read(`${BOT_ID}:room:1`))?.data).toBe('{"count":42}');
    await update(mw, (ctx: Ctx) => {
      ctx.session = undefined;
    });
    expect(await storage.inner.read(`${BOT_ID}:room:1`)).toBeUndefined();
    // Read after a delete in the same update: a fresh initial().
    await update(mw, async (ctx: Ctx) => {
      ctx.session = undefined;
      expect(await ctx.session).toEqual({ count: 0 });
    });
  });

  it('keeps the ttl on every write', async () => {
    let now = 0;
    const storage = new MemorySessionStorage({ now: () => now });
    const mw = session({ initial: () => ({ count: 0 }), storage, ttl: 1_000 });
    await update(mw, increment);
    now = 999;
    await update(mw, increment);
    now = 1_998;
    expect((await storage.read(`${BOT_ID}:room:1`))?.data).toBe('{"count":2}');
    now = 1_999;
    expect(await storage.read(`${BOT_ID}:room:1`)).toBeUndefined();
  });

  describe('invalid stored data', () => {
    const schema = z.object({ count: z.number() });
    const key = `${BOT_ID}:room:1`;
    const seeded = async (data: string) => {
      const storage = new MemorySessionStorage();
      await storage.write(key, data, { expectedVersion: undefined });
      return storage;
    };

    it.each([
      ['not JSON', '{"count":'],
      ['the wrong shape', '{"count":"many"}'],
      ['null', 'null'],
      ['a prototype-polluting object', '{"__proto__":{"polluted":true},"count":"x"}'],
    ])('resets %s to initial() (never an error) and stores the reset', async (_name, data) => {
      const storage = await seeded(data);
      const mw = session({ initial: () => ({ count: 0 }), storage, schema });
      let seen: unknown;
      await update(mw, async (ctx) => {
        seen = structuredClone(await ctx.session);
      });
      expect(seen).toEqual({ count: 0 });
      expect((await storage.read(key))?.data).toBe('{"count":0}');
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });

    it('migrates with migrate(), whose result is checked by the schema again', async () => {
      const mw = (storage: MemorySessionStorage) =>
        session({
          initial: () => ({ count: 0 }),
          storage,
          schema,
          migrate: (old) => {
            const legacy = old as { n?: unknown } | undefined;
            return typeof legacy?.n === 'number' ? { count: legacy.n } : ({ count: 'bad' } as never);
          },
        });
      const good = await seeded('{"n":7}');
      await update(mw(good), increment);
      expect((await good.read(key))?.data).toBe('{"count":8}');
      const bad = await seeded('{"m":7}');
      await update(mw(bad), increment);
      expect((await bad.read(key))?.data).toBe('{"count":1}');
      const notJson = await seeded('garbage');
      let given: unknown = 'not called';
      await update(
        session({
          initial: () => ({ count: 0 }),
          storage: notJson,
          schema,
          migrate: (old) => {
            given = old;
            return undefined;
          },
        }),
        increment,
      );
      expect(given).toBeUndefined();
    });

    it('applies the schema (types come from it, transforms and defaults too)', async () => {
      const storage = await seeded('{}');
      const withDefault = z.object({ count: z._default(z.number(), 10) });
      const mw = session({ initial: () => ({ count: 0 }), storage, schema: withDefault });
      await update(mw, async (ctx) => {
        const s = await ctx.session;
        expectTypeOf(s).toEqualTypeOf<{ count: number }>();
        s.count += 1;
      });
      expect((await storage.read(key))?.data).toBe('{"count":11}');
    });
  });

  it('fails an update whose session cannot be JSON with a TypeError, writing nothing', async () => {
    const storage = new CountingStorage(new MemorySessionStorage());
    const mw = session<{ big?: bigint; fn?: () => void; self?: unknown }>({ initial: () => ({}), storage });
    await expect(
      update(mw, async (ctx) => {
        (await ctx.session).big = 1n;
      }),
    ).rejects.toThrow(TypeError);
    await expect(
      update(mw, (ctx) => {
        ctx.session = (() => undefined) as never;
      }),
    ).rejects.toThrow(/is not JSON/);
    await expect(
      update(mw, async (ctx) => {
        const s = await ctx.session;
        s.self = s;
      }),
    ).rejects.toThrow(/cannot be stored as JSON/);
    expect(storage.writes).toBe(0);
  });

  it('refuses ctx.session after its update finished (a change could not be saved)', async () => {
    const mw = session({ initial: () => ({ count: 0 }) });
    let late: Ctx | undefined;
    await update(mw, (ctx: Ctx) => {
      late = ctx;
    });
    await expect(late?.session).rejects.toThrow(/after its update finished/);
    expect(() => {
      if (late) late.session = { count: 1 };
    }).toThrow(/after its update finished/);
  });

  it.each([
    [{ initial: undefined }, /initial must be a function/],
    [{ ttl: 0 }, /ttl must be a positive number/],
    [{ ttl: Number.NaN }, /ttl must be a positive number/],
    [{ onConflict: 'ignore' }, /onConflict must be 'retry' or 'throw'/],
    [{ retries: -1 }, /retries must be a non-negative integer/],
    [{ key: 'chat' }, /key must be 'room', 'user', 'room-user' or a function/],
  ])('refuses invalid options %o with a TypeError', (options, message) => {
    expect(() => session({ initial: () => ({}), ...(options as object) } as never)).toThrow(message);
  });

  describe('concurrency', () => {
    it('one process never conflicts with itself: 500 concurrent increments of one room → 500, no retry', async () => {
      const storage = new CountingStorage(new MemorySessionStorage());
      const mw = session({ initial: () => ({ count: 0 }), storage, onConflict: 'throw' });
      await Promise.all(
        Array.from({ length: 500 }, () =>
          update(mw, async (ctx: Ctx) => {
            const s = await ctx.session;
            await new Promise((resolve) => setImmediate(resolve)); // the handler yields mid-update
            s.count += 1;
          }),
        ),
      );
      expect((await storage.inner.read(`${BOT_ID}:room:1`))?.data).toBe('{"count":500}');
      expect(storage.conflicts).toBe(0);
    });

    it('two bots in one process over one storage share its queue (no conflict either)', async () => {
      const storage = new CountingStorage(new MemorySessionStorage());
      const a = session({ initial: () => ({ count: 0 }), storage, onConflict: 'throw' });
      const b = session({ initial: () => ({ count: 0 }), storage, onConflict: 'throw' });
      await Promise.all(Array.from({ length: 100 }, (_, i) => update(i % 2 ? a : b, increment)));
      expect((await storage.inner.read(`${BOT_ID}:room:1`))?.data).toBe('{"count":100}');
      expect(storage.conflicts).toBe(0);
    });

    it('different rooms do not wait for each other', async () => {
      const mw = session({ initial: () => ({ count: 0 }) });
      let releaseRoom1!: () => void;
      const room1 = update(
        mw,
        async (ctx: Ctx) => {
          await ctx.session;
          await new Promise<void>((resolve) => {
            releaseRoom1 = resolve;
          });
        },
        contextFor(1),
      );
      await update(mw, increment, contextFor(2)); // would hang if room 2 queued behind room 1
      releaseRoom1();
      await room1;
    });

    /** A storage where another instance writes the key just before this instance's first `n` writes land. */
    function contended(n: number) {
      const shared = new MemorySessionStorage();
      const storage = new CountingStorage(shared);
      let left = n;
      storage.beforeWrite = async (key) => {
        if (left-- <= 0) return;
        const other = await shared.read(key);
        const count = other === undefined ? 0 : (JSON.parse(other.data) as Counter).count;
        await shared.write(key, JSON.stringify({ count: count + 100 }), { expectedVersion: other?.version });
      };
      return storage;
    }

    it("onConflict 'retry' (the default) runs the rest of the chain again on the fresh session", async () => {
      const storage = contended(2);
      const mw = session({ initial: () => ({ count: 0 }), storage });
      let runs = 0;
      await update(mw, async (ctx: Ctx) => {
        runs += 1;
        await increment(ctx);
      });
      expect(runs).toBe(3);
      expect(storage.conflicts).toBe(2);
      // Both foreign writes (+100 each) kept, and ours on top of them.
      expect((await storage.inner.read(`${BOT_ID}:room:1`))?.data).toBe('{"count":201}');
    });

    it("onConflict 'retry' gives up after `retries` with a SessionConflictError", async () => {
      const storage = contended(10);
      const mw = session({ initial: () => ({ count: 0 }), storage, retries: 2 });
      const error = await update(mw, increment).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SessionConflictError);
      expect((error as SessionConflictError).attempts).toBe(3);
      expect(storage.writes).toBe(3);
    });

    it("onConflict 'throw' writes nothing and surfaces a SessionConflictError without the session's contents", async () => {
      const storage = contended(1);
      const mw = session({ initial: () => ({ count: 0 }), storage, onConflict: 'throw' });
      let runs = 0;
      const error = await update(mw, async (ctx: Ctx) => {
        runs += 1;
        (await ctx.session).count = 31337;
      }).catch((e: unknown) => e);
      expect(runs).toBe(1);
      expect(isSessionConflictError(error)).toBe(true);
      expect(error).toMatchObject({ name: 'SessionConflictError', key: `${BOT_ID}:room:1`, attempts: 1 });
      for (const text of [String(error), inspect(error), JSON.stringify(error)])
        expect(text).not.toContain('31337');
      expect((await storage.inner.read(`${BOT_ID}:room:1`))?.data).toBe('{"count":100}');
    });

    it('a conflicting delete is a conflict too', async () => {
      const shared = new MemorySessionStorage();
      await shared.write(`${BOT_ID}:room:1`, '{"count":1}', { expectedVersion: undefined });
      const mw = session({ initial: () => ({ count: 0 }), storage: shared, onConflict: 'throw' });
      const error = await update(mw, async (ctx: Ctx) => {
        await ctx.session;
        const current = await shared.read(`${BOT_ID}:room:1`);
        await shared.write(`${BOT_ID}:room:1`, '{"count":2}', { expectedVersion: current?.version });
        ctx.session = undefined;
      }).catch((e: unknown) => e);
      expect(isSessionConflictError(error)).toBe(true);
      expect((await shared.read(`${BOT_ID}:room:1`))?.data).toBe('{"count":2}');
    });
  });
});

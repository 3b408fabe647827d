// One session() per chain: a second one on the same update (another instance, or the same one reached twice)
// would share ctx.session with the first, whose run would then be lost: never written, and its key's queue
// never released, so every later update of that room would wait forever. It is refused with a TypeError.
import { describe, expect, it } from 'vitest';
import { Bot } from '../../src/bot/bot.js';
import { Composer } from '../../src/bot/composer.js';
import type { Context } from '../../src/bot/context.js';
import { MemorySessionStorage } from '../../src/bot/session/memory-session-storage.js';
import { type SessionFlavor, session } from '../../src/bot/session/session.js';
import { recordingClient, textEvent } from '../bot/support.js';

type Counter = { count: number };
type MyContext = Context & SessionFlavor<Counter>;

const SECOND = /a second session\(\) middleware runs on this update/;

/** Settles within a second, or says it hung (the failure this file guards against). */
function settled(promise: Promise<unknown>): Promise<unknown> {
  return Promise.race([
    promise.then(
      () => 'done',
      (error: unknown) => error,
    ),
    new Promise((resolve) => setTimeout(() => resolve('hung'), 1_000)),
  ]);
}

describe('a second session() on one chain', () => {
  it('is a TypeError, and the first one releases its key: the room is not blocked afterwards', async () => {
    const storage = new MemorySessionStorage();
    const { client } = recordingClient();
    const bot = new Bot<MyContext>({ client });
    bot.use(session({ initial: () => ({ count: 0 }), storage }));
    bot.use(async (ctx, next) => {
      (await ctx.session).count += 1; // the first session is read: its key is taken
      await next();
    });
    bot.use(session({ initial: () => ({ count: 100 }), storage }));
    bot.on('message', async (ctx) => {
      (await ctx.session).count += 1;
    });
    const first = await settled(bot.handleEvent(textEvent('hi')));
    expect(first).toBeInstanceOf(TypeError);
    expect((first as TypeError).message).toMatch(SECOND);
    expect(storage.size).toBe(0); // a failed update writes nothing

    const fixed = new Bot<MyContext>({ client });
    fixed.use(session({ initial: () => ({ count: 0 }), storage }));
    fixed.on('message', async (ctx) => {
      (await ctx.session).count += 1;
    });
    expect(await settled(fixed.handleEvent(textEvent('hi')))).toBe('done');
    expect(storage.size).toBe(1);
  });

  it('is a TypeError for the same session() reached twice (a composer used twice)', async () => {
    const storage = new MemorySessionStorage();
    const counting = session<Counter, MyContext>({ initial: () => ({ count: 0 }), storage });
    const withSession = new Composer<MyContext>();
    withSession.use(counting);
    const { client } = recordingClient();
    const bot = new Bot<MyContext>({ client });
    bot.use(withSession);
    bot.use(withSession);
    bot.on('message', async (ctx) => {
      (await ctx.session).count += 1;
    });
    const result = await settled(bot.handleEvent(textEvent('hi')));
    expect(result).toBeInstanceOf(TypeError);
    expect((result as TypeError).message).toMatch(SECOND);
  });

  it('does not refuse one session() running the chain again after a conflict, nor updates one after another', async () => {
    const storage = new MemorySessionStorage();
    let conflicts = 1;
    const racing = {
      read: (key: string) => storage.read(key),
      delete: (key: string, version: string | undefined) => storage.delete(key, version),
      write: (key: string, data: string, options: { expectedVersion: string | undefined }) =>
        conflicts-- > 0 ? Promise.resolve(undefined) : storage.write(key, data, options),
    };
    const { client } = recordingClient();
    const bot = new Bot<MyContext>({ client });
    bot.use(session({ initial: () => ({ count: 0 }), storage: racing }));
    let runs = 0;
    bot.on('message', async (ctx) => {
      runs += 1;
      (await ctx.session).count += 1;
    });
    await bot.handleEvent(textEvent('one'));
    await bot.handleEvent(textEvent('two'));
    expect(runs).toBe(3); // the first update ran twice: its first write was refused
    const stored = await storage.read(`${textEvent('x').bot_id}:room:123`);
    expect(JSON.parse(stored?.data ?? 'null')).toEqual({ count: 2 });
  });
});

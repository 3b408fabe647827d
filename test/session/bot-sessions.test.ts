// Sessions as users write them: a Bot, bot.use(session(…)), bot.handleEvent(event).
import { describe, expect, expectTypeOf, it } from 'vitest';
import { Bot } from '../../src/bot/bot.js';
import type { Context } from '../../src/bot/context.js';
import { MemorySessionStorage } from '../../src/bot/session/memory-session-storage.js';
import { type SessionFlavor, session } from '../../src/bot/session/session.js';
import { isSessionConflictError } from '../../src/errors/session-conflict-error.js';
import { recordingClient, textEvent } from '../bot/support.js';
import { CountingStorage } from './support.js';

interface Settings {
  count: number;
  lang: 'ko' | 'en';
}
type MyContext = Context & SessionFlavor<Settings>;

function counterBot(storage: CountingStorage, onConflict: 'retry' | 'throw' = 'retry') {
  const { client, requests } = recordingClient();
  const bot = new Bot<MyContext>({ client });
  bot.use(session({ initial: (): Settings => ({ count: 0, lang: 'ko' }), storage, onConflict }));
  bot.command('count', async (ctx) => {
    const s = await ctx.session;
    expectTypeOf(s).toEqualTypeOf<Settings>();
    s.count += 1;
    await ctx.reply(String(s.count));
  });
  bot.command('lang', async (ctx) => {
    (await ctx.session).lang = ctx.match === 'en' ? 'en' : 'ko';
  });
  bot.on('message:TEXT', (ctx) => ctx.reply(`echo ${ctx.text}`)); // never touches the session
  return { bot, client, requests };
}

describe('session() on a Bot', () => {
  it('keeps state per room across updates, and an echo that never touches it costs nothing', async () => {
    const storage = new CountingStorage(new MemorySessionStorage());
    const { bot, requests } = counterBot(storage);
    await bot.handleEvent(textEvent('/count'));
    await bot.handleEvent(textEvent('/count'));
    await bot.handleEvent(textEvent('/count', { room_id: 999 }));
    expect(requests.map((r) => (r.body as { body: string }).body)).toEqual(['1', '2', '1']);
    const before = [storage.reads, storage.writes];
    await bot.handleEvent(textEvent('hello'));
    expect([storage.reads, storage.writes]).toEqual(before);
  });

  it('handles synchronous handlers: an assignment is written, a throw writes nothing, a late use is refused', async () => {
    // A chain that ends synchronously takes session()'s promise-free path; it must keep every guarantee.
    const storage = new CountingStorage(new MemorySessionStorage());
    const bot = new Bot<MyContext>({ client: recordingClient().client });
    bot.use(session({ initial: (): Settings => ({ count: 0, lang: 'ko' }), storage }));
    let late: MyContext | undefined;
    bot.command('set', (ctx) => {
      ctx.session = { count: 7, lang: 'en' };
    });
    bot.command('fail', (ctx) => {
      ctx.session = { count: 99, lang: 'en' };
      throw new Error('sync failure');
    });
    bot.on('message', (ctx) => {
      late = ctx;
    });
    await bot.handleEvent(textEvent('/set'));
    expect(
      (await storage.inner.read(`${textEvent('x').bot_id}:room:${textEvent('x').message.room_id}`))?.data,
    ).toBe('{"count":7,"lang":"en"}');
    await expect(bot.handleEvent(textEvent('/fail'))).rejects.toThrow('sync failure');
    expect(storage.writes).toBe(1);
    const before = [storage.reads, storage.writes];
    await bot.handleEvent(textEvent('untouched'));
    expect([storage.reads, storage.writes]).toEqual(before);
    await expect(late?.session).rejects.toThrow(/after its update finished/);
  });

  it("re-runs the rest of the chain on a conflict (onConflict 'retry'; compose allows session's second next)", async () => {
    const storage = new CountingStorage(new MemorySessionStorage());
    let foreign = 1;
    storage.beforeWrite = async (key) => {
      if (foreign-- <= 0) return;
      const current = await storage.inner.read(key);
      await storage.inner.write(key, JSON.stringify({ count: 10, lang: 'ko' }), {
        expectedVersion: current?.version,
      });
    };
    const { bot, requests } = counterBot(storage);
    await bot.handleEvent(textEvent('/count'));
    // The first run replied "1" and lost the race; the second ran on the other instance's 10.
    expect(requests.map((r) => (r.body as { body: string }).body)).toEqual(['1', '11']);
    expect((await storage.inner.read('bot_test:room:123'))?.data).toBe('{"count":11,"lang":"ko"}');
  });

  it("fails the update with a SessionConflictError under onConflict 'throw' (bot.catch sees it)", async () => {
    const storage = new CountingStorage(new MemorySessionStorage());
    storage.beforeWrite = async (key) => {
      const current = await storage.inner.read(key);
      await storage.inner.write(key, '{"count":10,"lang":"en"}', { expectedVersion: current?.version });
    };
    const { bot } = counterBot(storage, 'throw');
    const caught: unknown[] = [];
    bot.catch((error) => {
      caught.push(error);
    });
    await expect(bot.handleEvent(textEvent('/lang en'))).rejects.toSatisfy(isSessionConflictError);
    expect(caught).toHaveLength(1);
  });

  it('still refuses a middleware behind session() that calls next() twice within one retry', async () => {
    const storage = new CountingStorage(new MemorySessionStorage());
    let foreign = 1;
    storage.beforeWrite = async (key) => {
      if (foreign-- <= 0) return;
      const current = await storage.inner.read(key);
      await storage.inner.write(key, '{"count":5}', { expectedVersion: current?.version });
    };
    const bot = new Bot<MyContext>();
    bot.use(session({ initial: (): Settings => ({ count: 0, lang: 'ko' }), storage }));
    let runs = 0;
    bot.use(async (ctx, next) => {
      runs += 1;
      (await ctx.session).count += 1;
      await next();
      if (runs === 2) await next(); // the bug: a second call in the same (retried) run
    });
    await expect(bot.handleEvent(textEvent('hi'))).rejects.toThrow(/next\(\) was called twice/);
    expect(runs).toBe(2);
  });

  it('still refuses a plain middleware that calls next() twice', async () => {
    const bot = new Bot();
    bot.use(async (_ctx, next) => {
      await next();
      await next();
    });
    await expect(bot.handleEvent(textEvent('hi'))).rejects.toThrow(/next\(\) was called twice/);
  });
});

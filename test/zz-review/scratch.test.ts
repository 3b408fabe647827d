import { describe, expect, it } from 'vitest';
import { Bot } from '../../src/bot/bot.js';
import { Composer } from '../../src/bot/composer.js';
import type { Context } from '../../src/bot/context.js';
import { MemorySessionStorage } from '../../src/bot/session/memory-session-storage.js';
import { type SessionFlavor, session } from '../../src/bot/session/session.js';
import { recordingClient, textEvent } from '../bot/support.js';

type C = Context & SessionFlavor<{ n: number }>;
function within(p: Promise<unknown>, ms = 500) {
  return Promise.race([p.then(() => 'done', (e: unknown) => e), new Promise((r) => setTimeout(() => r('hung'), ms))]);
}

describe('scratch', () => {
  it.skip('composer in itself, two middlewares, async', async () => {
    const bot = new Bot<C>({ client: recordingClient().client });
    const loop = new Composer<C>(async (_ctx, next) => { await Promise.resolve(); return next(); });
    loop.use(loop);
    bot.use(loop);
    const r = await within(bot.handleEvent(textEvent('hi')));
    console.log('self-nest 2 mw:', r instanceof Error ? r.message.slice(0, 80) : r);
  });
  it('two-cycle one-middleware', async () => {
    const bot = new Bot<C>({ client: recordingClient().client });
    const a = new Composer<C>();
    const b = new Composer<C>();
    a.use(b); b.use(a);
    bot.use(a);
    const r = await within(bot.handleEvent(textEvent('hi')));
    console.log('cycle:', r instanceof Error ? r.message.slice(0, 80) : r);
  });
  it('session via errorBoundary, sync chain, rerun', async () => {
    const storage = new MemorySessionStorage();
    let conflicts = 1;
    const racing = {
      read: (k: string) => storage.read(k),
      delete: (k: string, v: string | undefined) => storage.delete(k, v),
      write: (k: string, d: string, o: { expectedVersion: string | undefined }) =>
        conflicts-- > 0 ? Promise.resolve(undefined) : storage.write(k, d, o),
    };
    const bot = new Bot<C>({ client: recordingClient().client });
    let runs = 0;
    bot.errorBoundary((e) => { console.log('boundary', e); }, session({ initial: () => ({ n: 0 }), storage: racing, onConflict: 'retry' } as never)).use((ctx) => {
      runs++;
      ctx.session = { n: runs };
    });
    const r = await within(bot.handleEvent(textEvent('hi')));
    console.log('boundary rerun:', r, runs);
  });
});

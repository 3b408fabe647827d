import { describe, it } from 'vitest';
import { Bot } from '../../src/index.js';
import { createTestBot } from '../../src/testing/index.js';

const within = (p: Promise<unknown>, ms = 300) =>
  Promise.race([p.then(() => 'done', (e: unknown) => e), new Promise((r) => setTimeout(() => r('hung'), ms))]);

describe('scratch', () => {
  it('test bot: close() during a retry backoff, then idle()', async () => {
    const bot = new Bot();
    let first = true;
    bot.on('message:TEXT', async (ctx) => {
      if (first) { first = false; throw new Error('once'); }
      await ctx.reply('ok');
    });
    const chat = createTestBot(bot, { inbox: { backoffMs: 5_000 } });
    void chat.user('u').says('hi').catch(() => undefined);
    for (let i = 0; i < 50 && chat.inbox.errors.length === 0; i++) await new Promise((r) => setTimeout(r, 5));
    await chat.inbox.close();
    console.log('errors', chat.inbox.errors.length, 'idle after close:', await within(chat.inbox.idle()));
  });
});

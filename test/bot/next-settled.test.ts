import { describe, expect, it } from 'vitest';
import { Bot } from '../../src/bot/bot.js';
import { textEvent } from './support.js';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe('next() the middleware does not await', () => {
  it('a synchronous middleware calling next() without returning it: the rest is awaited, its error rejects', async () => {
    const bot = new Bot();
    const log: string[] = [];
    bot.use((_ctx, next) => {
      void next();
    });
    bot.on('message', async () => {
      await sleep(5);
      log.push('handler');
      throw new Error('late failure');
    });
    await expect(bot.handleEvent(textEvent('hi'))).rejects.toThrow('late failure');
    expect(log).toEqual(['handler']);
  });

  it('an async middleware that forgets to await next(): the event settles after the rest', async () => {
    const bot = new Bot();
    const log: string[] = [];
    bot.use(async (_ctx, next) => {
      void next();
      log.push('middleware done');
    });
    bot.use(async () => {
      await sleep(5);
      log.push('rest done');
    });
    await bot.handleEvent(textEvent('hi'));
    expect(log).toEqual(['middleware done', 'rest done']);
  });

  it('a middleware failing after calling next(): the rest finishes before the event fails with its error', async () => {
    const bot = new Bot();
    const log: string[] = [];
    bot.use(async (_ctx, next) => {
      void next();
      throw new Error('middleware failure');
    });
    bot.use(async () => {
      await sleep(5);
      log.push('rest done');
      throw new Error('rest failure');
    });
    await expect(bot.handleEvent(textEvent('hi'))).rejects.toThrow('middleware failure');
    expect(log).toEqual(['rest done']);
  });

  it('a synchronous throw after next(): the rest is awaited, the throw is the error', async () => {
    const bot = new Bot();
    const log: string[] = [];
    bot.use((_ctx, next) => {
      void next();
      throw new Error('sync failure');
    });
    bot.use(async () => {
      await sleep(5);
      log.push('rest done');
    });
    await expect(bot.handleEvent(textEvent('hi'))).rejects.toThrow('sync failure');
    expect(log).toEqual(['rest done']);
  });

  it('next() called after the middleware settled throws a TypeError and runs nothing', async () => {
    const bot = new Bot();
    const log: string[] = [];
    let late: (() => Promise<void>) | undefined;
    bot.use(async function deferring(_ctx, next) {
      late = next;
    });
    bot.use(() => {
      log.push('rest');
    });
    await bot.handleEvent(textEvent('hi'));
    expect(late).toBeDefined();
    expect(() => late?.()).toThrow(
      /next\(\) was called by middleware deferring after it had finished: .*does not run/,
    );
    await sleep(1);
    expect(log).toEqual([]);
  });

  it('the same for a synchronous middleware that keeps next for later', async () => {
    const bot = new Bot();
    let late: (() => Promise<void>) | undefined;
    bot.use((_ctx, next) => {
      late = next;
    });
    bot.use(() => undefined);
    await bot.handleEvent(textEvent('hi'));
    expect(() => late?.()).toThrow(TypeError);
  });
});

describe('many sibling filters', () => {
  it('10,000 commands and hears: an event matching none goes through, and the last one still runs', async () => {
    const bot = new Bot();
    const ran: string[] = [];
    for (let i = 0; i < 10_000; i++) {
      bot.command(`c${i}`, () => {
        ran.push(`c${i}`);
      });
      bot.hears(`faq ${i}`, () => {
        ran.push(`faq ${i}`);
      });
    }
    bot.use(() => {
      ran.push('fallback');
    });
    await bot.handleEvent(textEvent('matches nothing'));
    await bot.handleEvent(textEvent('/c9999 go'));
    await bot.handleEvent(textEvent('faq 9999'));
    expect(ran).toEqual(['fallback', 'c9999', 'faq 9999']);
  });

  it('10,000 on() filters inside a nested composer', async () => {
    const bot = new Bot();
    const inner = bot.on('message');
    for (let i = 0; i < 10_000; i++)
      inner.filter(
        (ctx) => ctx.text === `t${i}`,
        () => undefined,
      );
    let reached = false;
    inner.use(() => {
      reached = true;
    });
    await bot.handleEvent(textEvent('none'));
    expect(reached).toBe(true);
  });
});

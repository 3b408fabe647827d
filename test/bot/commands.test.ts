import { describe, expect, it } from 'vitest';
import { Bot } from '../../src/bot/bot.js';
import { textEvent } from './support.js';

/** Runs `texts` through `bot` one by one and returns what the bot logged. */
async function run(bot: Bot, log: string[], ...texts: string[]): Promise<string[]> {
  for (const text of texts) await bot.handleEvent(textEvent(text));
  return log;
}

describe('command()', () => {
  it('runs for /name at the start of a TEXT message, with the rest, trimmed, in ctx.match', async () => {
    const log: string[] = [];
    const bot = new Bot();
    bot.command('echo', (ctx) => {
      log.push(`[${ctx.match}]`);
    });
    expect(
      await run(bot, log, '/echo hi there ', '/echo', '/echo\n여러 줄\n', '  /echo lead', 'say /echo no'),
    ).toEqual(['[hi there]', '[]', '[여러 줄]', '[lead]']);
  });

  it('matches names case-insensitively, with or without the leading slash, and lists of names', async () => {
    const log: string[] = [];
    const bot = new Bot();
    bot.command(['/Start', 'help'], (ctx) => {
      log.push(ctx.text);
    });
    bot.command('도움말', (ctx) => {
      log.push(`ko:${ctx.text}`);
    });
    expect(await run(bot, log, '/HELP', '/start', '/Help me', '/도움말', '/helpme', '/hel')).toEqual([
      '/HELP',
      '/start',
      '/Help me',
      'ko:/도움말',
    ]);
  });

  it('takes /name@mention only when the mention is the botName option or the bot id (any case)', async () => {
    const log: string[] = [];
    const bot = new Bot({ botName: 'HelperBot' });
    bot.command('help', (ctx) => {
      log.push(ctx.text);
    });
    bot.use((ctx) => {
      log.push(`not mine: ${ctx.text}`);
    });
    expect(await run(bot, log, '/help@helperbot', '/help@BOT_TEST x', '/help@otherbot', '/help@')).toEqual([
      '/help@helperbot',
      '/help@BOT_TEST x',
      'not mine: /help@otherbot',
      'not mine: /help@',
    ]);
  });

  it('is not a command: a bare slash, /@x, another message type, another command', async () => {
    const log: string[] = [];
    const bot = new Bot();
    bot.command('help', () => {
      log.push('help');
    });
    bot.use((ctx) => {
      log.push(`pass:${String(ctx.text ?? ctx.message?.message_type)}`);
    });
    await run(bot, log, '/', '/ help', '/@help', '/other');
    await bot.handleEvent(textEvent('/help', { message_type: 'IMAGE' }));
    expect(log).toEqual(['pass:/', 'pass:/ help', 'pass:/@help', 'pass:/other', 'pass:IMAGE']);
  });

  it('reads a 1 MiB message once per event, whatever the number of commands', async () => {
    const bot = new Bot();
    const log: string[] = [];
    for (let i = 0; i < 20; i++) bot.command(`c${i}`, () => {});
    bot.command('big', (ctx) => {
      log.push(String(ctx.match.length));
    });
    await run(bot, log, `/big ${'가'.repeat(1024 * 1024)}`, `/${'x'.repeat(1024 * 1024)}`);
    expect(log).toEqual([String(1024 * 1024)]);
  });

  it('refuses names that could never match, with a TypeError showing the name', () => {
    const bot = new Bot();
    expect(() => bot.command('', () => {})).toThrow(/"" is not a command name/);
    expect(() => bot.command('/', () => {})).toThrow(TypeError);
    expect(() => bot.command('two words', () => {})).toThrow(/"two words" is not a command name/);
    expect(() => bot.command('help@bot', () => {})).toThrow(TypeError);
    expect(() => bot.command([], () => {})).toThrow(TypeError);
    expect(() => bot.command(7 as never, () => {})).toThrow(/number is not a command name/);
  });
});

describe('hears()', () => {
  it('a string matches the whole text (surrounding whitespace ignored, case-sensitive); ctx.match is it', async () => {
    const log: string[] = [];
    const bot = new Bot();
    bot.hears('안녕', (ctx) => {
      log.push(`[${ctx.match}]`);
    });
    expect(await run(bot, log, '안녕', '  안녕\n', '안녕하세요', '저기 안녕')).toEqual(['[안녕]', '[안녕]']);
  });

  it('a RegExp is tested against the text; ctx.match is its match array, g/y flags do not carry over', async () => {
    const log: string[] = [];
    const bot = new Bot();
    bot.hears(/^주문\s+(\d+)$/g, (ctx) => {
      log.push(ctx.match[1] as string);
    });
    bot.hears(/hello/iy, (ctx) => {
      log.push(ctx.match[0]);
    });
    expect(await run(bot, log, '주문 12', '주문 12', '주문 x', 'HELLO there', 'Hello again')).toEqual([
      '12',
      '12',
      'HELLO',
      'Hello',
    ]);
  });

  it('a list: the first trigger that matches wins', async () => {
    const log: unknown[] = [];
    const bot = new Bot();
    bot.hears(['hi', /^h(i+)$/], (ctx) => {
      log.push(typeof ctx.match === 'string' ? ctx.match : ctx.match[1]);
    });
    expect(await run(bot, log as string[], 'hi', 'hiii', 'ho')).toEqual(['hi', 'iii']);
  });

  it('only hears TEXT messages', async () => {
    const log: string[] = [];
    const bot = new Bot();
    bot.hears(/.*/, () => {
      log.push('heard');
    });
    await bot.handleEvent(textEvent('x', { message_type: 'IMAGE' }));
    expect(log).toEqual([]);
  });

  it('refuses a blank string, an empty list or another type', () => {
    const bot = new Bot();
    expect(() => bot.hears('  ', () => {})).toThrow(/hears: pass a non-blank string, a RegExp/);
    expect(() => bot.hears([], () => {})).toThrow(TypeError);
    expect(() => bot.hears(5 as never, () => {})).toThrow(TypeError);
  });
});

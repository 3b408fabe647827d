// createTestBot driving a real Bot: the bot layer's commands, hears, middleware, errors and custom
// contexts, seen through the test kit's users, rooms and recorded sends.
import { describe, expect, expectTypeOf, it, vi } from 'vitest';
import { Bot, Context, type ContextInit, MoMoTalkRateLimitError } from '../../src/index.js';
import { createTestBot } from '../../src/testing/index.js';

function helpBot() {
  const bot = new Bot();
  bot.command('help', (ctx) => ctx.reply('Commands: /help, /echo <text>'));
  bot.command('echo', (ctx) => ctx.reply(ctx.match === '' ? 'Echo what?' : ctx.match));
  bot.hears('안녕', (ctx) => ctx.send('안녕하세요!', { metadata: { lang: 'ko' } }));
  return bot;
}

describe('createTestBot with a Bot', () => {
  it('commands get their argument; ctx.reply quotes the message, ctx.send does not; unmatched text is not answered', async () => {
    const chat = createTestBot(helpBot());
    const alice = chat.user('user_alice');

    const echo = await alice.says('/echo  hi there ');
    expect(echo.sent).toMatchObject([
      { body: 'hi there', reply_to_message_id: echo.event.message.message_id },
    ]);
    expect((await alice.says('/ECHO')).sent.map((message) => message.body)).toEqual(['Echo what?']);

    const greeting = await alice.says('안녕', { room: 8 });
    expect(greeting.sent).toEqual([
      expect.objectContaining({ room_id: 8, body: '안녕하세요!', metadata: { lang: 'ko' } }),
    ]);
    expect(greeting.sent[0]).not.toHaveProperty('reply_to_message_id');

    expect((await alice.says('what?')).sent).toEqual([]);
    expect(chat.sent.map((message) => message.body)).toEqual(['hi there', 'Echo what?', '안녕하세요!']);
  });

  it('/help@<the test bot id> is addressed to this bot; /help@another_bot is not', async () => {
    const chat = createTestBot(helpBot(), { botId: 'bot_helper' });
    const alice = chat.user('user_alice');
    expect((await alice.says('/help@bot_helper')).sent).toHaveLength(1);
    expect((await alice.says('/help@another_bot')).sent).toHaveLength(0);
  });

  it('an error no errorBoundary handled: bot.catch sees it, then says() rejects with it', async () => {
    const bot = new Bot();
    const caught = vi.fn();
    bot.catch(caught);
    bot.command('boom', () => {
      throw new Error('handler failed');
    });
    const chat = createTestBot(bot);
    await expect(chat.user('user_alice').says('/boom')).rejects.toThrow('handler failed');
    expect(caught).toHaveBeenCalledOnce();
  });

  it('an errorBoundary that handles the error: says() resolves, and what the boundary sent is recorded', async () => {
    const bot = new Bot();
    bot
      .errorBoundary((_error, ctx) =>
        ctx.message === undefined
          ? undefined
          : ctx.client.sendMessage({ room_id: ctx.message.room_id, body: 'Sorry!' }),
      )
      .command('boom', () => {
        throw new Error('handler failed');
      });
    const chat = createTestBot(bot);
    const said = await chat.user('user_alice').says('/boom');
    expect(said.sent.map((message) => message.body)).toEqual(['Sorry!']);
  });

  it('a send that keeps failing: the error reaches bot.catch like any other, and nothing was sent', async () => {
    const bot = helpBot();
    const caught = vi.fn();
    bot.catch(caught);
    vi.useFakeTimers();
    try {
      const chat = createTestBot(bot, { clock: vi });
      chat.failNextSend({ status: 429, retryAfter: 5 }, 3);
      await expect(chat.user('user_alice').says('/help')).rejects.toBeInstanceOf(MoMoTalkRateLimitError);
      expect(caught.mock.calls[0]?.[0]).toBeInstanceOf(MoMoTalkRateLimitError);
      expect(chat.attempts.map((attempt) => attempt.status)).toEqual([429, 429, 429]);
      expect(chat.sent).toEqual([]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('a custom context class flows through: middleware sees it, and the handlers after it', async () => {
    class LangContext extends Context {
      lang: 'ko' | 'en' = 'en';
      constructor(init: ContextInit) {
        super(init);
      }
    }
    const bot = new Bot<LangContext>({ contextConstructor: LangContext });
    bot.use((ctx, next) => {
      if (/[가-힣]/.test(ctx.text ?? '')) ctx.lang = 'ko';
      return next();
    });
    bot.on('message:TEXT', (ctx) => {
      expectTypeOf(ctx.lang).toEqualTypeOf<'ko' | 'en'>();
      return ctx.reply(ctx.lang === 'ko' ? '한국어로 답할게요' : 'Answering in English');
    });
    const chat = createTestBot(bot);
    const alice = chat.user('user_alice');
    await alice.says('hello');
    await alice.says('안녕하세요');
    expect(chat.sent.map((message) => message.body)).toEqual(['Answering in English', '한국어로 답할게요']);
  });
});

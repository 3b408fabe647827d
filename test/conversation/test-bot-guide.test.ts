// The guide's (docs/sessions.md) "Testing" example, run: createTestBot drives a conversation in a few lines.
import { expect, it } from 'vitest';
import { z } from 'zod';
import { Bot } from '../../src/bot/bot.js';
import type { Context } from '../../src/bot/context.js';
import { type ConversationFlavor, conversations } from '../../src/bot/conversation/conversations.js';
import { createConversation } from '../../src/bot/conversation/create-conversation.js';
import { createTestBot } from '../../src/testing/test-bot/create-test-bot.js';

it('createTestBot drives a conversation', async () => {
  const bot = new Bot<Context & ConversationFlavor>();
  bot.use(conversations());
  bot.use(
    createConversation('signup', async (conversation, ctx) => {
      const name = await conversation.ask('이름을 알려주세요');
      const age = await conversation.ask('나이는요?', z.coerce.number().int(), {
        retry: '숫자로 보내주세요',
      });
      await ctx.reply(`환영합니다, ${name}님 (${age})`);
    }),
  );
  bot.command('signup', (ctx) => ctx.conversation.enter('signup'));

  const chat = createTestBot(bot);
  const alice = chat.user('user_alice');
  expect((await alice.says('/signup')).sent.map((m) => m.body)).toEqual(['이름을 알려주세요']);
  expect((await alice.says('김모모')).sent.map((m) => m.body)).toEqual(['나이는요?']);
  expect((await alice.says('스무 살')).sent.map((m) => m.body)).toEqual(['숫자로 보내주세요']);
  expect((await alice.says('20')).sent.map((m) => m.body)).toEqual(['환영합니다, 김모모님 (20)']);
});

// Conversations as users write them: a Bot, conversations(), createConversation, bot.handleEvent.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Bot } from '../../src/bot/bot.js';
import type { Context } from '../../src/bot/context.js';
import { type ConversationFlavor, conversations } from '../../src/bot/conversation/conversations.js';
import { createConversation } from '../../src/bot/conversation/create-conversation.js';
import { MemorySessionStorage } from '../../src/bot/session/memory-session-storage.js';
import { recordingClient, textEvent } from '../bot/support.js';

type MyContext = Context & ConversationFlavor;

/** A signup bot on `storage`; `saved` collects what the once-only step stored. */
function signupBot(storage: MemorySessionStorage, saved: unknown[], clock?: { now: number }) {
  const { client, requests } = recordingClient();
  const bot = new Bot<MyContext>({ client });
  bot.use(conversations(clock === undefined ? { storage } : { storage, now: () => clock.now }));
  bot.use(
    createConversation(
      'signup',
      async (conversation, ctx) => {
        const name = await conversation.ask('이름을 알려주세요', z.string().min(1));
        const age = await conversation.ask('나이는요?', z.coerce.number().int().min(14), {
          retry: '숫자로 보내주세요',
        });
        await conversation.step('save', () => {
          saved.push({ name, age });
        });
        await ctx.reply(`환영합니다, ${name}님!`);
      },
      { timeout: 60_000, cancelOn: /^(취소|\/cancel)$/i },
    ),
  );
  bot.command('signup', (ctx) => ctx.conversation.enter('signup'));
  bot.command('cancel', (ctx) => ctx.reply('취소했어요'));
  bot.on('message:TEXT', (ctx) => ctx.reply(`echo ${ctx.text}`));
  const bodies = () => requests.map((r) => (r.body as { body: string }).body);
  return { bot, bodies };
}

const alice = (body: string, extra: Record<string, unknown> = {}) =>
  textEvent(body, { sender_user_id: 'user_alice', room_id: 1, ...extra });

describe('conversations', () => {
  it('asks, validates and re-asks, runs a step once, and ends', async () => {
    const storage = new MemorySessionStorage();
    const saved: unknown[] = [];
    const { bot, bodies } = signupBot(storage, saved);
    await bot.handleEvent(alice('/signup'));
    await bot.handleEvent(alice('김모모'));
    await bot.handleEvent(alice('스무 살'));
    await bot.handleEvent(alice('20'));
    expect(bodies()).toEqual([
      '이름을 알려주세요',
      '나이는요?',
      '숫자로 보내주세요',
      '환영합니다, 김모모님!',
    ]);
    expect(saved).toEqual([{ name: '김모모', age: 20 }]);
    expect(storage.size).toBe(0); // finished: its state is gone
    await bot.handleEvent(alice('hello'));
    expect(bodies().at(-1)).toBe('echo hello');
  });

  it('is not disturbed by other users in the room or by the same user elsewhere', async () => {
    const saved: unknown[] = [];
    const { bot, bodies } = signupBot(new MemorySessionStorage(), saved);
    await bot.handleEvent(alice('/signup'));
    await bot.handleEvent(textEvent('bob here', { sender_user_id: 'user_bob', room_id: 1 }));
    await bot.handleEvent(alice('other room', { room_id: 2 }));
    await bot.handleEvent(alice('앨리스'));
    expect(bodies()).toEqual(['이름을 알려주세요', 'echo bob here', 'echo other room', '나이는요?']);
  });

  it('leaves on a cancel word, and the message reaches the /cancel handler', async () => {
    const storage = new MemorySessionStorage();
    const { bot, bodies } = signupBot(storage, []);
    await bot.handleEvent(alice('/signup'));
    await bot.handleEvent(alice('/cancel'));
    expect(bodies()).toEqual(['이름을 알려주세요', '취소했어요']);
    expect(storage.size).toBe(0);
    await bot.handleEvent(alice('앨리스'));
    expect(bodies().at(-1)).toBe('echo 앨리스');
  });

  it('times out: after `timeout` the next message is handled as if there were no conversation', async () => {
    const clock = { now: 1_000 };
    const { bot, bodies } = signupBot(new MemorySessionStorage({ now: () => clock.now }), [], clock);
    await bot.handleEvent(alice('/signup'));
    clock.now += 60_000;
    await bot.handleEvent(alice('late'));
    expect(bodies()).toEqual(['이름을 알려주세요', 'echo late']);
  });

  it('continues on a new Bot over the same storage (a restart), each step and send once', async () => {
    const storage = new MemorySessionStorage();
    const saved: unknown[] = [];
    const first = signupBot(storage, saved);
    await first.bot.handleEvent(alice('/signup'));
    await first.bot.handleEvent(alice('김모모'));
    const second = signupBot(storage, saved);
    await second.bot.handleEvent(alice('20'));
    expect(first.bodies()).toEqual(['이름을 알려주세요', '나이는요?']);
    expect(second.bodies()).toEqual(['환영합니다, 김모모님!']);
    expect(saved).toEqual([{ name: '김모모', age: 20 }]);
  });

  it('does not take a redelivered message twice', async () => {
    const { bot, bodies } = signupBot(new MemorySessionStorage(), []);
    await bot.handleEvent(alice('/signup'));
    const answer = alice('김모모');
    await bot.handleEvent(answer);
    await bot.handleEvent(answer);
    expect(bodies()).toEqual(['이름을 알려주세요', '나이는요?']);
  });

  it('ends a conversation whose code changed under it (a diverged replay) with a clear error', async () => {
    const storage = new MemorySessionStorage();
    const { bot } = signupBot(storage, []);
    await bot.handleEvent(alice('/signup'));
    const { client } = recordingClient();
    const changed = new Bot<MyContext>({ client });
    changed.use(conversations({ storage }));
    changed.use(
      createConversation('signup', async (conversation) => {
        await conversation.step('something else', () => 1);
        await conversation.wait();
      }),
    );
    await expect(changed.handleEvent(alice('김모모'))).rejects.toThrow(/replay diverged at step 1/);
    expect(storage.size).toBe(0);
  });

  it('ctx.conversation: active, exit, and a clear error for an unregistered name or a non-message', async () => {
    const storage = new MemorySessionStorage();
    const { client } = recordingClient();
    const bot = new Bot<MyContext>({ client });
    const seen: Array<string | undefined> = [];
    bot.use(conversations({ storage }));
    bot.use((ctx, next) => {
      seen.push(ctx.conversation.active);
      return next();
    });
    bot.command('stop', (ctx) => ctx.conversation.exit()); // before the conversation: it sees every message
    bot.use(createConversation('wait', async (conversation) => void (await conversation.wait())));
    bot.command('go', (ctx) => ctx.conversation.enter('wait'));
    bot.command('nope', (ctx) => ctx.conversation.enter('missing'));
    await bot.handleEvent(alice('/go'));
    expect(storage.size).toBe(1);
    await bot.handleEvent(alice('/stop'));
    expect(storage.size).toBe(0);
    await expect(bot.handleEvent(alice('/nope'))).rejects.toThrow(/no conversation 'missing' is registered/);
    await expect(
      bot.handleEvent({ event_type: 'room.member_joined', event_id: 'evt_x', room_id: 1 } as never),
    ).resolves.toBeUndefined();
    expect(seen).toEqual([undefined, 'wait', undefined, undefined]);
    const noMessage = new Bot<MyContext>({ client });
    noMessage.use(conversations({ storage }));
    noMessage.use((ctx) => ctx.conversation.enter('wait'));
    await expect(
      noMessage.handleEvent({ event_type: 'room.member_joined', event_id: 'evt_y' } as never),
    ).rejects.toThrow(/needs a message of a user in a room/);
  });

  it('treats an unreadable stored state (another version, not JSON) as no conversation, and replaces it', async () => {
    const storage = new MemorySessionStorage();
    const key = 'conversation:bot_test:room-user:1:user_alice';
    await storage.write(key, '{"v":2,"whatever":true}', { expectedVersion: undefined });
    const { bot, bodies } = signupBot(storage, []);
    await bot.handleEvent(alice('hello'));
    expect(bodies()).toEqual(['echo hello']);
    await bot.handleEvent(alice('/signup'));
    expect(bodies().at(-1)).toBe('이름을 알려주세요');
    expect(JSON.parse((await storage.read(key))?.data ?? '{}')).toMatchObject({ v: 1, name: 'signup' });
  });

  it('ends a conversation at its 201st message (each message replays all before it)', async () => {
    const storage = new MemorySessionStorage();
    const { client } = recordingClient();
    const bot = new Bot<MyContext>({ client });
    bot.use(conversations({ storage }));
    bot.use(
      createConversation('forever', async (conversation) => {
        for (;;) await conversation.wait();
      }),
    );
    bot.command('forever', (ctx) => ctx.conversation.enter('forever'));
    await bot.handleEvent(alice('/forever'));
    for (let i = 2; i <= 200; i++) await bot.handleEvent(alice(`message ${i}`));
    expect(storage.size).toBe(1);
    await expect(bot.handleEvent(alice('one too many'))).rejects.toThrow(
      /received 200 messages without finishing/,
    );
    expect(storage.size).toBe(0);
  });

  it('fails a step whose result is not JSON with a TypeError, journaling nothing', async () => {
    const storage = new MemorySessionStorage();
    const { client } = recordingClient();
    const bot = new Bot<MyContext>({ client });
    bot.use(conversations({ storage }));
    bot.use(
      createConversation('big', async (conversation) => {
        await conversation.step('bigint', () => 1n);
      }),
    );
    bot.command('big', (ctx) => ctx.conversation.enter('big'));
    await expect(bot.handleEvent(alice('/big'))).rejects.toThrow(/the result must be JSON/);
    expect(storage.size).toBe(0);
  });

  it('refuses createConversation without conversations() before it, and invalid options', async () => {
    const bot = new Bot<MyContext>({ client: recordingClient().client });
    bot.use(createConversation('x', async () => undefined));
    await expect(bot.handleEvent(alice('hi'))).rejects.toThrow(/conversations\(\)\) must come before it/);
    expect(() => createConversation('', async () => undefined)).toThrow(/name must be a non-empty string/);
    expect(() => createConversation('x', async () => undefined, { timeout: 0 })).toThrow(/timeout/);
    expect(() => createConversation('x', 'no' as never)).toThrow(/pass an async function/);
  });
});

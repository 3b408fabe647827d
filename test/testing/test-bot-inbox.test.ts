// createTestBot with the inbox option: a real Bot behind createMemoryInbox and its worker, as behind
// bot.webhook() with inbox. Each room in order, retries then a dead letter, replay, the send ledger across
// runs, the 429 pause, all on the fake clock where time matters.
import { afterEach, describe, expect, expectTypeOf, it, vi } from 'vitest';
import { createMemoryInbox, LEDGER_HEADER } from '../../src/inbox/index.js';
import { Bot } from '../../src/index.js';
import { createTestBot, type TestBotInbox } from '../../src/testing/index.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('createTestBot with a memory inbox', () => {
  it('runs each room one event at a time and in order, rooms in parallel, with a slow handler', async () => {
    let releaseSlow: () => void = () => undefined;
    const slowGate = new Promise<void>((resolve) => {
      releaseSlow = resolve;
    });
    const started: string[] = [];
    const bot = new Bot();
    bot.on('message:TEXT', async (ctx) => {
      started.push(ctx.text);
      if (ctx.text === 'slow') await slowGate; // room 1 is stuck until room 2 has been answered
      await ctx.reply(`done ${ctx.text}`);
      if (ctx.text === 'other') releaseSlow();
    });
    const chat = createTestBot(bot, { inbox: true });
    const alice = chat.user('user_alice');

    await Promise.all([
      alice.says('slow', { room: 1 }),
      alice.says('second', { room: 1 }),
      chat.user('user_bob').says('other', { room: 2 }),
    ]);

    expect(started).toEqual(['slow', 'other', 'second']);
    expect(chat.room(1).sent.map((message) => message.body)).toEqual(['done slow', 'done second']);
    expect(chat.sent.map((message) => message.body)).toEqual(['done other', 'done slow', 'done second']);
    expect(chat.inbox.runs.map((run) => [run.room_id, run.body, run.attempt])).toEqual([
      [1, 'slow', 1],
      [2, 'other', 1],
      [1, 'second', 1],
    ]);
    expect(chat.inbox.runs[0]).toMatchObject({
      id: expect.stringMatching(/^momotalk:bot_test:evt_/),
      lane: 'momotalk:bot_test:room:1',
    });
    await chat.inbox.idle();
  });

  it('retries a failing event with backoff, then dead-letters it; the room goes on; says() rejects', async () => {
    vi.useFakeTimers();
    let broken = true;
    const runAt: number[] = [];
    const bot = new Bot();
    bot.command('boom', async (ctx) => {
      runAt.push(Date.now());
      if (broken) throw new Error('the database is down');
      await ctx.reply('fixed');
    });
    bot.command('ok', (ctx) => ctx.reply('ok'));
    const chat = createTestBot(bot, { clock: vi, inbox: { maxAttempts: 3, backoffMs: 1000 } });
    const alice = chat.user('user_alice');

    const boom = alice.says('/boom', { room: 5 });
    const rejected = expect(boom).rejects.toThrow('the database is down');
    const ok = alice.says('/ok', { room: 5 });
    await rejected;
    await ok;

    expect(runAt.slice(1).map((at, index) => at - (runAt[index] as number))).toEqual([1000, 2000]);
    expect(chat.inbox.errors.map((failure) => [failure.phase, failure.attempt])).toEqual([
      ['process', 1],
      ['process', 2],
      ['dead-letter', 3],
    ]);
    // The room kept its order: /ok ran only once /boom was done with.
    expect(chat.inbox.runs.map((run) => `${run.body}#${run.attempt}`)).toEqual([
      '/boom#1',
      '/boom#2',
      '/boom#3',
      '/ok#1',
    ]);
    expect(chat.sent.map((message) => message.body)).toEqual(['ok']);

    const dead = await chat.inbox.deadLetters();
    expect(dead).toEqual([
      expect.objectContaining({
        lane: 'momotalk:bot_test:room:5',
        attempts: 3,
        error: 'Error: the database is down',
      }),
    ]);
    expect(dead[0]?.payload).toMatchObject({ event: { message: { body: '/boom' } } });

    broken = false;
    expect(await chat.inbox.replay('momotalk:bot_test:no_such_event')).toBe(false);
    expect(await chat.inbox.replay(dead[0]?.id ?? '')).toBe(true);
    await chat.inbox.idle();
    expect(chat.room(5).sent.map((message) => message.body)).toEqual(['ok', 'fixed']);
    expect(await chat.inbox.deadLetters()).toEqual([]);
  });

  it('a retried run skips the reply its earlier run already sent (the send ledger)', async () => {
    vi.useFakeTimers();
    let runs = 0;
    const ledger: (string | null)[] = [];
    const bot = new Bot();
    bot.command('two', async (ctx) => {
      runs++;
      const first = await ctx.reply('one');
      ledger.push(first.headers.get(LEDGER_HEADER));
      if (runs === 1) throw new Error('failed between the two replies');
      await ctx.reply('two');
    });
    const chat = createTestBot(bot, { clock: vi, inbox: true });

    const { sent } = await chat.user('user_alice').says('/two');

    expect(runs).toBe(2);
    expect(ledger).toEqual([null, 'replayed']);
    expect(chat.sent.map((message) => message.body)).toEqual(['one', 'two']);
    expect(sent.map((message) => message.body)).toEqual(['one', 'two']);
    expect(chat.attempts.map((attempt) => attempt.status)).toEqual([201, 201]); // 'one' was posted once
    expect(chat.inbox.errors.map((failure) => failure.phase)).toEqual(['process']);
  });

  it('a 429 the client gives up on pauses the inbox for Retry-After (fake clock), uncounted; then the reply is sent once', async () => {
    vi.useFakeTimers();
    const bot = new Bot();
    bot.command('echo', (ctx) => ctx.reply(ctx.match));
    const chat = createTestBot(bot, {
      clock: vi,
      client: { retry: { limit: 0 } },
      inbox: { maxAttempts: 1 },
    });
    chat.failNextSend({ status: 429, retryAfter: 30 });
    const before = Date.now();

    await chat.user('user_alice').says('/echo hi');

    expect(chat.attempts.map((attempt) => attempt.status)).toEqual([429, 201]);
    expect((chat.attempts[1]?.at ?? 0) - (chat.attempts[0]?.at ?? 0)).toBe(30_000);
    expect(Date.now() - before).toBeGreaterThanOrEqual(30_000);
    expect(chat.sent.map((message) => message.body)).toEqual(['hi']);
    expect(chat.inbox.errors.map((failure) => [failure.phase, failure.attempt])).toEqual([['rate-limit', 1]]);
    // maxAttempts is 1, yet the event was not dead-lettered: the paused run did not count.
    expect(chat.inbox.runs.map((run) => run.attempt)).toEqual([1, 1]);
    expect(await chat.inbox.deadLetters()).toEqual([]);
  });

  it('the 429 pause holds every room: an event of another room stored during it waits until it ends', async () => {
    vi.useFakeTimers();
    const bot = new Bot();
    bot.command('echo', (ctx) => ctx.reply(ctx.match));
    let other: Promise<unknown> | undefined;
    const chat = createTestBot(bot, {
      clock: vi,
      client: { retry: { limit: 0 } },
      inbox: {
        // Bob writes in room 2 right after the 429 (a fake timer: the pause has begun when it fires).
        onError: (_error, info) => {
          if (info.phase === 'rate-limit') {
            setTimeout(() => {
              other = chat.user('user_bob').says('/echo from room 2', { room: 2 });
            }, 0);
          }
        },
      },
    });
    chat.failNextSend({ status: 429, retryAfter: 30 });
    const before = Date.now();

    await chat.user('user_alice').says('/echo from room 1', { room: 1 });
    await other;

    expect(chat.attempts.map((attempt) => [attempt.status, attempt.at - before])).toEqual([
      [429, 0],
      [201, 30_000],
      [201, 30_000],
    ]);
    expect(chat.room(2).sent.map((message) => message.body)).toEqual(['from room 2']);
  });

  it('takes a createMemoryInbox() of yours; reset() forgets runs and errors; close() stops the worker', async () => {
    const memory = createMemoryInbox();
    const seen: string[] = [];
    const bot = new Bot();
    bot.on('message:TEXT', (ctx) => ctx.reply(ctx.text));
    const chat = createTestBot(bot, {
      inbox: { memory, onError: (_error, info) => void seen.push(info.phase) },
    });
    expect(chat.inbox.memory).toBe(memory);
    // A second worker on the same inbox is refused, as createMemoryInbox refuses it.
    expect(() => createTestBot(bot, { inbox: memory })).toThrow(/one worker per memory inbox/);
    await chat.user('user_alice').says('hi');
    expect(chat.inbox.runs).toHaveLength(1);
    chat.reset();
    expect(chat.inbox.runs).toEqual([]);
    expect(chat.sent).toEqual([]);
    expect(seen).toEqual([]);
    await chat.inbox.close();
    // Closed, the worker runs nothing: a new event stays in the inbox.
    const stuck = chat.user('user_alice').says('after close');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(chat.inbox.runs).toEqual([]);
    expect(chat.sent).toEqual([]);
    void stuck;
  });

  it('without the option there is no inbox; a malformed option is a clear TypeError', () => {
    const bot = new Bot();
    expect(createTestBot(bot).inbox).toBeUndefined();
    expect(createTestBot(bot, { inbox: false }).inbox).toBeUndefined();
    expectTypeOf(createTestBot(bot, { inbox: true }).inbox).toEqualTypeOf<TestBotInbox>();
    expect(() => createTestBot(bot, { inbox: 'memory' as never })).toThrow(
      /createTestBot: inbox must be true, a createMemoryInbox\(\)/,
    );
    expect(() => createTestBot(bot, { inbox: { memory: {} as never } })).toThrow(
      /inbox\.memory must be a createMemoryInbox\(\)/,
    );
    expect(() => createTestBot(bot, { inbox: { maxAttempts: 0 } })).toThrow(
      /maxAttempts must be a positive integer/,
    );
  });
});

// createTestBot's own behaviour: virtual users and rooms, the in-process Bot API behind a real BotClient,
// failure injection and the fake clock. The bot here is a stand-in with `handleEvent` that sends through the
// client it is given, so these tests do not depend on the bot layer's routing (echo-bot-guide.test.ts,
// test/session/guide.test.ts and the bot layer's tests drive a real Bot).
import { afterEach, describe, expect, expectTypeOf, it, vi } from 'vitest';
import {
  isMoMoTalkApiError,
  type MessageCreatedEvent,
  MoMoTalkConnectionError,
  MoMoTalkNotFoundError,
  MoMoTalkRateLimitError,
  MoMoTalkServerError,
  MoMoTalkTimeoutError,
  type ReplyClient,
  type WebhookEvent,
} from '../../src/index.js';
import { createTestBot, type Said, type TestableBot, type TestChatMessage } from '../../src/testing/index.js';

/** Answers every message with "Echo: <text>" (metadata { source: 'echo' }), or as `send` says. */
function standIn(
  send: (event: MessageCreatedEvent, client: ReplyClient) => Promise<unknown> = (event, client) =>
    client.reply(event, `Echo: ${event.message.body}`, { metadata: { source: 'echo' } }),
) {
  const events: WebhookEvent[] = [];
  const bot: TestableBot = {
    async handleEvent(event, { client }) {
      events.push(event);
      if (event.event_type === 'talk.message_created') await send(event, client);
    },
  };
  return { bot, events };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('users, rooms and what the bot sent', () => {
  it('a user says something: the bot gets the event, and its reply is recorded with room, reply-to and metadata', async () => {
    const { bot, events } = standIn();
    const chat = createTestBot(bot);
    const said = await chat.user('user_alice').says('hello', { room: 7 });

    expect(events).toEqual([said.event]);
    expect(said.event).toMatchObject({
      event_type: 'talk.message_created',
      bot_id: 'bot_test',
      message: { room_id: 7, sender_user_id: 'user_alice', body: 'hello', message_type: 'TEXT' },
    });
    expect(said.event.event_id).toMatch(/^evt_[0-9a-f]{24}$/);
    expect(said.sent).toEqual([
      expect.objectContaining({
        from: 'bot',
        sender_id: 'bot_test',
        room_id: 7,
        body: 'Echo: hello',
        reply_to_message_id: said.event.message.message_id,
        metadata: { source: 'echo' },
      }),
    ]);
    expect(chat.sent).toEqual(said.sent);
    expect(chat.room(7).messages.map((message) => [message.from, message.body])).toEqual([
      ['user', 'hello'],
      ['bot', 'Echo: hello'],
    ]);
    expect(chat.attempts).toEqual([
      expect.objectContaining({
        status: 201,
        failure: undefined,
        request: expect.objectContaining({ room_id: 7 }),
      }),
    ]);
  });

  it('said.sent holds what this message led to; rooms and users stay apart; message ids are shared and increasing', async () => {
    const chat = createTestBot(standIn().bot);
    const alice = chat.user('user_alice');
    const bob = chat.user('user_bob');
    await alice.says('one');
    const second = await bob.says('two', { room: 9 });

    expect(second.sent.map((message) => message.body)).toEqual(['Echo: two']);
    expect(second.event.message.sender_user_id).toBe('user_bob');
    expect(chat.room(123).sent.map((message) => message.body)).toEqual(['Echo: one']);
    expect(chat.room(9).sent.map((message) => message.body)).toEqual(['Echo: two']);
    expect(chat.messages.map((message) => message.message_id)).toEqual([1, 2, 3, 4]);
    expect(chat.messages.map((message) => message.sender_id)).toEqual([
      'user_alice',
      'bot_test',
      'user_bob',
      'bot_test',
    ]);
  });

  it('what the bot did not send: a bot that stays silent leaves sent and attempts empty', async () => {
    const chat = createTestBot(standIn(async () => undefined).bot);
    const said = await chat.user('user_alice').says('psst', { messageType: 'IMAGE' });
    expect(said.event.message.message_type).toBe('IMAGE');
    expect(said.sent).toEqual([]);
    expect(chat.sent).toEqual([]);
    expect(chat.attempts).toEqual([]);
  });

  it('the bot can post to a room named with chat.room() before anyone wrote there; an unknown room is a 404', async () => {
    const chat = createTestBot(standIn().bot);
    chat.room(55);
    await chat.client.sendMessage({ room_id: 55, body: 'good morning' });
    expect(chat.room(55).sent.map((message) => message.body)).toEqual(['good morning']);

    const error = await chat.client
      .sendMessage({ room_id: 999, body: 'to nowhere' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MoMoTalkNotFoundError);
    expect((error as MoMoTalkNotFoundError).message).toContain('Room 999 does not exist in this test chat');
    expect(chat.attempts.at(-1)).toMatchObject({ status: 404 });
  });

  it('reset() forgets messages, attempts and unused failures; rooms stay', async () => {
    const chat = createTestBot(standIn().bot);
    await chat.user('user_alice').says('hi', { room: 5 });
    chat.failNextSend({ status: 500 });
    chat.reset();
    expect([chat.messages, chat.sent, chat.attempts]).toEqual([[], [], []]);
    await chat.client.sendMessage({ room_id: 5, body: 'still here' });
    expect(chat.attempts.map((attempt) => attempt.status)).toEqual([201]);
  });

  it('the botId option names the bot in events and in the Bot API path', async () => {
    const chat = createTestBot(standIn().bot, { botId: 'bot_other' });
    const said = await chat.user('user_alice').says('hi');
    expect(said.event.bot_id).toBe('bot_other');
    expect(chat.client.botId).toBe('bot_other');
    expect(said.sent[0]?.sender_id).toBe('bot_other');
  });
});

describe('failures on the send path, with the client’s real policy', () => {
  it('429 with Retry-After: 2 is retried after 2 s of fake time (the fake clock drives ky’s wait)', async () => {
    vi.useFakeTimers();
    const chat = createTestBot(standIn().bot, { clock: vi });
    chat.failNextSend({ status: 429, retryAfter: 2 });
    const said = await chat.user('user_alice').says('hi');

    expect(said.sent.map((message) => message.body)).toEqual(['Echo: hi']);
    expect(chat.attempts.map((attempt) => attempt.status)).toEqual([429, 201]);
    expect(chat.attempts[0]?.failure).toEqual({ status: 429, retryAfter: 2 });
    const [first, second] = chat.attempts;
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBe(2000);
  });

  it('without a clock the waits are real: Retry-After: 0 is retried at once', async () => {
    const chat = createTestBot(standIn().bot);
    chat.failNextSend({ status: 429, retryAfter: 0 });
    await chat.user('user_alice').says('hi');
    expect(chat.attempts.map((attempt) => attempt.status)).toEqual([429, 201]);
  });

  it('429 more often than the retry limit: the reply fails with MoMoTalkRateLimitError and nothing is sent', async () => {
    vi.useFakeTimers();
    const chat = createTestBot(standIn().bot, { clock: vi });
    chat.failNextSend({ status: 429, retryAfter: 1 }, 3);
    const error = await chat
      .user('user_alice')
      .says('hi')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MoMoTalkRateLimitError);
    expect((error as MoMoTalkRateLimitError).retryAfter).toBe(1);
    expect(chat.attempts.map((attempt) => attempt.status)).toEqual([429, 429, 429]);
    expect(chat.sent).toEqual([]);
  });

  it('500 is not retried (the API has no idempotency key): the reply fails, nothing is sent', async () => {
    const chat = createTestBot(standIn().bot);
    chat.failNextSend({ status: 500, body: { error: 'database down' } });
    const error = await chat
      .user('user_alice')
      .says('hi')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MoMoTalkServerError);
    expect(isMoMoTalkApiError(error) && error.body).toEqual({ error: 'database down' });
    expect(chat.attempts.map((attempt) => attempt.status)).toEqual([500]);
    expect(chat.sent).toEqual([]);
    // The user's message is in the room; the bot's is not.
    expect(chat.room(123).messages.map((message) => message.from)).toEqual(['user']);
  });

  it('a queued failure keeps its body as given: changing the object afterwards changes nothing', async () => {
    const chat = createTestBot(standIn().bot);
    const body = { error: 'database down', detail: { retry: false } };
    chat.failNextSend({ status: 500, body });
    body.error = 'changed after queueing';
    body.detail.retry = true;
    const error = await chat
      .user('user_alice')
      .says('hi')
      .catch((e: unknown) => e);
    expect(isMoMoTalkApiError(error) && error.body).toEqual({
      error: 'database down',
      detail: { retry: false },
    });
  });

  it('a hang ends with the client’s timeout, at once on the fake clock (10 s default, or the client option)', async () => {
    vi.useFakeTimers();
    const chat = createTestBot(standIn().bot, { clock: vi });
    chat.failNextSend({ hang: true });
    const started = Date.now();
    const error = await chat
      .user('user_alice')
      .says('hi')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MoMoTalkTimeoutError);
    expect(Date.now() - started).toBe(10_000);
    expect(chat.attempts).toEqual([expect.objectContaining({ status: undefined, failure: { hang: true } })]);

    const quick = createTestBot(standIn().bot, { clock: vi, client: { timeout: 1_500 } });
    quick.failNextSend({ hang: true });
    const before = Date.now();
    await expect(quick.user('user_alice').says('hi')).rejects.toBeInstanceOf(MoMoTalkTimeoutError);
    expect(Date.now() - before).toBe(1_500);
  });

  it('a refused connection is retried after the backoff; a reset one (maybe sent) is not', async () => {
    vi.useFakeTimers();
    const chat = createTestBot(standIn().bot, { clock: vi });
    chat.failNextSend({ connection: 'refused' });
    await chat.user('user_alice').says('first');
    expect(chat.attempts.map((attempt) => attempt.status)).toEqual([undefined, 201]);

    chat.failNextSend({ connection: 'reset' });
    const error = await chat
      .user('user_alice')
      .says('second')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MoMoTalkConnectionError);
    expect((error as MoMoTalkConnectionError).code).toBe('ECONNRESET');
    expect(chat.sent.map((message) => message.body)).toEqual(['Echo: first']);
  });

  it('clock: vi without vi.useFakeTimers() says so, instead of waiting', async () => {
    const chat = createTestBot(standIn().bot, { clock: vi });
    chat.failNextSend({ status: 429, retryAfter: 1 });
    await expect(chat.user('user_alice').says('hi')).rejects.toThrow(/useFakeTimers/);
  });

  it('the client option sets the policy: retry: false gives up on the first 429', async () => {
    const chat = createTestBot(standIn().bot, { client: { retry: false } });
    chat.failNextSend({ status: 429, retryAfter: 1 });
    await expect(chat.user('user_alice').says('hi')).rejects.toBeInstanceOf(MoMoTalkRateLimitError);
    expect(chat.attempts).toHaveLength(1);
  });
});

describe('bad input gets a clear TypeError', () => {
  const chat = createTestBot(standIn().bot);
  const alice = chat.user('user_alice');

  it.each([
    ['text not a string', () => alice.says(42 as unknown as string), /text must be a string, got number/],
    ['room 0', () => alice.says('hi', { room: 0 }), /a room is a positive whole number .* got 0/],
    ['room as a string', () => alice.says('hi', { room: '7' as unknown as number }), /got "7"/],
    ['fractional room', () => chat.room(1.5), /got 1\.5/],
    [
      'messageType not a string',
      () => alice.says('hi', { messageType: 5 as unknown as string }),
      /messageType must be a non-empty string/,
    ],
  ])('%s', async (_name, call, message) => {
    await expect(async () => call()).rejects.toThrow(message);
  });

  it.each([
    ['{ status: 200 }', { status: 200 }, /status must be a whole number from 400 to 599, got 200/],
    [
      '{ status: 429, retryAfter: -1 }',
      { status: 429, retryAfter: -1 },
      /retryAfter must be whole seconds >= 0 or an HTTP date, got -1/,
    ],
    [
      "{ status: 503, retryAfter: 'x'.repeat(100) }",
      { status: 503, retryAfter: 'x'.repeat(100) },
      /retryAfter must be/,
    ],
    ['{ hang: false }', { hang: false }, /hang must be true/],
    ["{ connection: 'slow' }", { connection: 'slow' }, /connection must be 'refused' or 'reset', got "slow"/],
    ['null', null, /the failure must be an object/],
    [
      '{ status: 500, body: { size: 1n } }',
      { status: 500, body: { size: 1n } },
      /body must be JSON-serialisable/,
    ],
    [
      "{ status: 500, body: () => 'not JSON' }",
      { status: 500, body: () => 'not JSON' },
      /body must be JSON-serialisable/,
    ],
  ])('failNextSend(%s)', (_name, failure, message) => {
    expect(() => chat.failNextSend(failure as never)).toThrow(TypeError);
    expect(() => chat.failNextSend(failure as never)).toThrow(message);
  });

  it('failNextSend times, user ids, the bot, botId and clock are checked', () => {
    expect(() => chat.failNextSend({ status: 500 }, 0)).toThrow(/times must be a whole number >= 1, got 0/);
    expect(() => chat.user('')).toThrow(/user id must be a non-empty string/);
    expect(() => createTestBot({} as TestableBot)).toThrow(/pass a bot \(new Bot/);
    expect(() => createTestBot(standIn().bot, { botId: ' ' })).toThrow(/botId must be a non-empty string/);
    expect(() => createTestBot(standIn().bot, { clock: {} as never })).toThrow(
      /advanceTimersToNextTimerAsync/,
    );
  });

  it('a clock of the wrong kind is refused, null included', () => {
    expect(() => createTestBot(standIn().bot, { clock: null as never })).toThrow(/clock must have/);
  });

  it('any text is passed on as is: empty, or 1 MiB', async () => {
    const { bot, events } = standIn(async () => undefined);
    const fresh = createTestBot(bot);
    const long = '가'.repeat(1 << 20);
    await fresh.user('user_alice').says('');
    await fresh.user('user_alice').says(long);
    expect(events.map((event) => (event as MessageCreatedEvent).message.body)).toEqual(['', long]);
  });

  it('a rejected failure leaves nothing queued', async () => {
    const fresh = createTestBot(standIn().bot);
    expect(() => fresh.failNextSend({ status: 200 })).toThrow(TypeError);
    await fresh.user('user_alice').says('hi');
    expect(fresh.attempts.map((attempt) => attempt.status)).toEqual([201]);
  });
});

describe('types', () => {
  it('says() gives the message event and the recorded messages; a bot is required', () => {
    const chat = createTestBot(standIn().bot);
    expectTypeOf(chat.user('user_alice').says).returns.resolves.toEqualTypeOf<Said>();
    expectTypeOf<Said['event']>().toEqualTypeOf<MessageCreatedEvent>();
    expectTypeOf(chat.sent).toEqualTypeOf<readonly TestChatMessage[]>();
    expectTypeOf(chat.sent[0]?.room_id).toEqualTypeOf<number | undefined>();
    // @ts-expect-error a bot has handleEvent
    expect(() => createTestBot({ handle: () => undefined })).toThrow(TypeError);
    // @ts-expect-error a field a failure does not have (ignored at run time)
    expect(() => chat.failNextSend({ status: 500, retry_after: 1 })).not.toThrow();
  });
});

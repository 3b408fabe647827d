import { BotClient } from '../../client/bot-client.js';
import type { BotClientOptions } from '../../client/client-options.js';
import type { MemoryInbox } from '../../inbox/memory-inbox.js';
import type { MessageCreatedEvent } from '../../momotalk/events/message-created-event.js';
import type { WebhookEvent } from '../../momotalk/events/webhook-event.js';
import type { ReplyClient } from '../../momotalk/handler/webhook-context.js';
import { createMessageCreatedEvent } from '../create-message-created-event.js';
import { ChatLog, checkRoomId, type TestChatMessage } from './chat-log.js';
import { FakeBotApi, type SendAttempt } from './fake-bot-api.js';
import { checkSendFailure, type SendFailure } from './send-failure.js';
import { startTestBotInbox, type TestBotInbox, type TestBotInboxOptions } from './test-bot-inbox.js';
import { settleWithClock, type TestBotClock } from './test-clock.js';

/**
 * What {@link createTestBot} drives: a `Bot` (anything with its `handleEvent(event, { client })`).
 *
 * @example
 * ```ts
 * const testable: TestableBot = new Bot({ secret: 'test-secret', botId: 'bot_test' });
 * ```
 */
export interface TestableBot {
  /** Runs the bot's middleware for one event, sending through `options.client`. */
  handleEvent(event: WebhookEvent, options: { readonly client: ReplyClient }): Promise<unknown>;
}

/**
 * The `BotClient` settings a test bot's client takes from the test: its retry and timeout policy (give it
 * the same as production to test that policy), hooks and logger. Where it sends, and with which
 * credentials, is the test bot's.
 *
 * @example
 * ```ts
 * const options: TestBotClientOptions = { retry: { limit: 1 }, timeout: 2_000 };
 * ```
 */
export type TestBotClientOptions = Pick<
  BotClientOptions,
  'timeout' | 'totalTimeout' | 'retry' | 'orderedRooms' | 'hooks' | 'logger' | 'userAgent'
>;

/**
 * Options of {@link createTestBot}.
 *
 * @example
 * ```ts
 * vi.useFakeTimers();
 * const chat = createTestBot(bot, { clock: vi, client: { retry: { limit: 3 } } });
 * ```
 */
export interface TestBotOptions {
  /**
   * The bot id the events carry and the Bot API accepts.
   * @default "bot_test"
   */
  botId?: string | undefined;
  /**
   * Fake timers that run the client's waits (`Retry-After`, backoff, timeouts) without real time passing:
   * `vi` after `vi.useFakeTimers()`. See {@link TestBotClock}.
   * @default undefined (real time: a 429 with `Retry-After: 2` takes 2 s)
   */
  clock?: TestBotClock | undefined;
  /**
   * The retry and timeout policy of the bot's client.
   * @default the `BotClient` defaults (2 retries of 429/503/refused connections, 10 s per attempt)
   */
  client?: TestBotClientOptions | undefined;
  /**
   * Runs the bot behind a memory inbox (`createMemoryInbox`), as `bot.webhook()` with `inbox` and a worker
   * run it: each `says()` stores the event in the inbox (the same entry id, room lane and payload the
   * webhook enqueues) and an in-process worker runs it, each room's events one at a time and in order,
   * rooms in parallel, with retries and backoff, dead letters, the send ledger around the test client and
   * the shared pause on a 429 that the client gave up on. `true` for a new memory inbox with the workers'
   * defaults (5 runs, backoff from 1 s: give `clock`, or a small `backoffMs`), a `createMemoryInbox()`, or
   * {@link TestBotInboxOptions}. Then `chat.inbox` is there (see {@link TestBotInbox}).
   * @default undefined (`says()` calls `bot.handleEvent` directly)
   */
  inbox?: boolean | MemoryInbox | TestBotInboxOptions | undefined;
}

/**
 * Options of {@link createTestBot} with an inbox: the test bot is then an {@link InboxTestBot}.
 *
 * @example
 * ```ts
 * const options: InboxTestBotOptions = { inbox: { maxAttempts: 2 }, clock: vi };
 * ```
 */
export interface InboxTestBotOptions extends TestBotOptions {
  /** See {@link TestBotOptions.inbox}. */
  inbox: true | MemoryInbox | TestBotInboxOptions;
}

/**
 * Where and how a test user writes. See {@link TestUser.says}.
 *
 * @example
 * ```ts
 * await alice.says('hello', { room: 7, messageType: 'TEXT' });
 * ```
 */
export interface SayOptions {
  /**
   * The room (a positive whole number); it exists from then on.
   * @default 123
   */
  room?: number | undefined;
  /**
   * The message's `message_type`.
   * @default "TEXT"
   */
  messageType?: string | undefined;
}

/**
 * What one `says()` led to.
 *
 * @example
 * ```ts
 * const { event, sent } = await alice.says('/help');
 * expect(sent[0]?.reply_to_message_id).toBe(event.message.message_id);
 * ```
 */
export interface Said {
  /** The `talk.message_created` event the bot was given. */
  readonly event: MessageCreatedEvent;
  /**
   * The messages the bot sent while handling it (empty when it sent nothing). With several `says()` at
   * once, what the others sent meanwhile is in it too: await each for exact attribution.
   */
  readonly sent: readonly TestChatMessage[];
}

/**
 * A virtual chat user.
 *
 * @example
 * ```ts
 * const alice = chat.user('user_alice');
 * await alice.says('hi');
 * ```
 */
export interface TestUser {
  /** The user id (`message.sender_user_id`). */
  readonly id: string;
  /**
   * Writes `text` in a room: the bot handles the `talk.message_created` event (`bot.handleEvent`) and
   * sends through the test Bot API. Resolves when the bot is done. Any string is passed on as is, empty or
   * long (the platform documents no limit, so the kit sets none).
   *
   * With the `inbox` option, the event is stored in the inbox and the worker runs it: `says()` resolves
   * once the entry's run succeeded, after any retries and 429 pauses (the fake `clock` moves through them),
   * and waits behind the room's earlier events. Several `says()` at once (not awaited one by one) are
   * stored in call order.
   *
   * @throws {TypeError} When `text` is not a string, the room is not a positive whole number, or
   * `messageType` is not a non-empty string.
   * @throws Whatever the bot's handling rejects with (an error no `errorBoundary` or `bot.catch` handled),
   * so a broken handler fails the test; on the platform it would be answered 500 and redelivered. With
   * the `inbox` option, only once the entry was dead-lettered (its last run's error); failed runs before
   * that are retried and listed in `chat.inbox.errors`.
   */
  says(text: string, options?: SayOptions): Promise<Said>;
}

/**
 * A virtual room: its messages, the users' and the bot's, oldest first.
 *
 * @example
 * ```ts
 * expect(chat.room(123).messages.map((message) => message.body)).toEqual(['/help', 'Commands: …']);
 * ```
 */
export interface TestRoom {
  /** The room id (`message.room_id`). */
  readonly id: number;
  /** Every message in the room, oldest first (a copy). */
  readonly messages: readonly TestChatMessage[];
  /** The bot's messages in the room, oldest first (a copy). */
  readonly sent: readonly TestChatMessage[];
}

/**
 * A bot under test, with virtual users and rooms. See {@link createTestBot}.
 *
 * @example
 * ```ts
 * const chat = createTestBot(bot);
 * await chat.user('user_alice').says('/echo hi');
 * expect(chat.sent.map((message) => message.body)).toEqual(['hi']);
 * ```
 */
export interface TestBot {
  /** The bot id the events carry. */
  readonly botId: string;
  /** The real `BotClient` the bot sends through (its `fetch` is the test Bot API). */
  readonly client: BotClient;
  /** Every message the bot sent, in every room, oldest first (a copy). Failed sends are not in it. */
  readonly sent: readonly TestChatMessage[];
  /** Every message in every room, the users' and the bot's, oldest first (a copy). */
  readonly messages: readonly TestChatMessage[];
  /** Every request the client made, failed and retried ones included, oldest first (a copy). */
  readonly attempts: readonly SendAttempt[];
  /** A virtual user with this id (`user_alice`). @throws {TypeError} For an empty id. */
  user(id: string): TestUser;
  /** A room, created when new (so the bot can send to it before anyone writes there). */
  room(id: number): TestRoom;
  /**
   * Makes the next `times` send attempts fail as `failure` says; the bot's client handles them with its
   * real policy. Attempts, not calls: a retried 429 uses one, and its retry gets the normal answer.
   * @throws {TypeError} For a failure of another shape, or `times` not a whole number >= 1.
   */
  failNextSend(failure: SendFailure, times?: number): void;
  /**
   * The memory inbox the bot runs behind, with the `inbox` option: runs, failures, `idle()`, dead letters
   * and their replay. `undefined` without it.
   */
  readonly inbox: TestBotInbox | undefined;
  /**
   * Forgets every message and attempt and the failures not used yet (and the inbox's `runs` and `errors`);
   * rooms are kept, and so are entries still in the inbox.
   */
  reset(): void;
}

/**
 * A test bot created with the `inbox` option: `chat.inbox` is always there.
 *
 * @example
 * ```ts
 * const chat: InboxTestBot = createTestBot(bot, { inbox: true });
 * await chat.inbox.idle();
 * ```
 */
export interface InboxTestBot extends TestBot {
  /** The memory inbox the bot runs behind. See {@link TestBotInbox}. */
  readonly inbox: TestBotInbox;
}

const TEST_TOKEN = 'test-bot-token';
/** Never contacted: the client's `fetch` is the in-process Bot API. */
const TEST_BASE_URL = 'https://bot-api.momotalk.test/api';

/**
 * Runs a bot in process with virtual users and rooms, no HTTP server and no msw: a user says something in
 * a room, the bot handles the event, and the test reads what it sent (`chat.sent`, `said.sent`: body, room,
 * reply-to, metadata) and what it tried to (`chat.attempts`).
 *
 * The bot sends through a real `BotClient` whose `fetch` is an in-process Bot API, so the client's real
 * validation, retry and timeout policy runs: `failNextSend` injects a 429 with `Retry-After`, a 500, a
 * hang or a refused connection, and `clock` (fake timers) lets those waits pass without real time. The
 * Bot API checks requests as the emulator does (401 for the wrong token, 422 naming an invalid field, 404
 * for a room no one has written in) and answers 201 `{ ok: true, message_id, message }`; statuses and
 * bodies are the kit's plausible choice, as the guide does not document them.
 *
 * Events are the ones `createMessageCreatedEvent` builds and go straight to `bot.handleEvent`: signature
 * checks, deduplication and acknowledgement (the webhook's part) are not involved. With the `inbox` option
 * they go through a memory inbox and its worker first, as behind `bot.webhook()` with `inbox` (see
 * {@link TestBotOptions.inbox}). Like the whole test kit, it reads no `MOMOTALK_*` environment variable.
 *
 * @param bot - The bot (`new Bot(…)`): whatever client it was given, the test bot passes its own per event.
 * @param options - Bot id, fake clock, the client's policy, the inbox.
 * @returns The test chat: users, rooms, what was sent, failure injection (and `chat.inbox` with `inbox`).
 * @throws {TypeError} When `bot` has no `handleEvent`, an option is invalid (the message says which), or
 * the memory inbox given already has a worker.
 *
 * @example
 * ```ts
 * import { Bot } from 'momotalk-bot-sdk';
 * import { createTestBot } from 'momotalk-bot-sdk/testing';
 *
 * const bot = new Bot({ secret: 'test-secret', botId: 'bot_test' });
 * bot.command('echo', (ctx) => ctx.reply(ctx.match));
 *
 * const chat = createTestBot(bot);
 * await chat.user('user_alice').says('/echo hi', { room: 123 });
 * console.log(chat.sent); // [{ from: 'bot', room_id: 123, body: 'hi', reply_to_message_id: 1, … }]
 * ```
 */
export function createTestBot(bot: TestableBot, options: InboxTestBotOptions): InboxTestBot;
/** Without the `inbox` option, `chat.inbox` is `undefined`: see the signature above. */
export function createTestBot(bot: TestableBot, options?: TestBotOptions): TestBot;
export function createTestBot(bot: TestableBot, options: TestBotOptions = {}): TestBot {
  if (typeof (bot as Partial<TestableBot> | null | undefined)?.handleEvent !== 'function') {
    throw new TypeError(
      '[momotalk-bot-sdk] createTestBot: pass a bot (new Bot(…)), something with handleEvent(event, { client }).',
    );
  }
  const botId = options.botId ?? 'bot_test';
  if (typeof botId !== 'string' || botId.trim() === '') {
    throw new TypeError('[momotalk-bot-sdk] createTestBot: botId must be a non-empty string.');
  }
  const { clock } = options;
  if (clock !== undefined && typeof clock?.advanceTimersToNextTimerAsync !== 'function') {
    throw new TypeError(
      '[momotalk-bot-sdk] createTestBot: clock must have advanceTimersToNextTimerAsync() (pass vi after vi.useFakeTimers()).',
    );
  }
  const log = new ChatLog();
  const api = new FakeBotApi({ botId, token: TEST_TOKEN, log });
  const client = new BotClient({
    ...options.client,
    botId,
    token: TEST_TOKEN,
    baseUrl: TEST_BASE_URL,
    fetch: api.fetch,
  });
  const inbox = startTestBotInbox(
    options.inbox,
    (event, ledgered) => bot.handleEvent(event, { client: ledgered }),
    client,
    clock,
  );

  const says = async (userId: string, text: string, say: SayOptions = {}): Promise<Said> => {
    if (typeof text !== 'string') {
      throw new TypeError(`[momotalk-bot-sdk] says: text must be a string, got ${typeof text}.`);
    }
    const room = checkRoomId('says', say.room ?? 123);
    const messageType = say.messageType ?? 'TEXT';
    if (typeof messageType !== 'string' || messageType === '') {
      throw new TypeError('[momotalk-bot-sdk] says: messageType must be a non-empty string, e.g. "TEXT".');
    }
    const written = log.add({
      from: 'user',
      sender_id: userId,
      room_id: room,
      body: text,
      message_type: messageType,
    });
    const event = createMessageCreatedEvent({
      bot_id: botId,
      message: {
        room_id: room,
        message_id: written.message_id,
        sender_user_id: userId,
        body: text,
        message_type: messageType,
        created_at: Math.floor(written.at / 1000),
      },
    });
    const before = log.messages.length;
    if (inbox === undefined) await settleWithClock(bot.handleEvent(event, { client }), clock);
    else await inbox.deliver(event);
    const sent = log.messages.slice(before).filter((message) => message.from === 'bot');
    return { event, sent };
  };

  return {
    botId,
    client,
    get sent() {
      return log.messages.filter((message) => message.from === 'bot');
    },
    get messages() {
      return [...log.messages];
    },
    get attempts() {
      return [...api.attempts];
    },
    user(id) {
      if (typeof id !== 'string' || id.trim() === '') {
        throw new TypeError(
          '[momotalk-bot-sdk] chat.user: the user id must be a non-empty string, e.g. "user_alice".',
        );
      }
      return { id, says: (text, say) => says(id, text, say) };
    },
    room(id) {
      const roomId = checkRoomId('chat.room', id);
      log.rooms.add(roomId);
      return {
        id: roomId,
        get messages() {
          return log.inRoom(roomId);
        },
        get sent() {
          return log.inRoom(roomId).filter((message) => message.from === 'bot');
        },
      };
    },
    failNextSend(failure, times = 1) {
      if (!Number.isInteger(times) || times < 1) {
        throw new TypeError(
          `[momotalk-bot-sdk] failNextSend: times must be a whole number >= 1, got ${times}.`,
        );
      }
      api.failNext(checkSendFailure(failure), times);
    },
    inbox: inbox?.inbox,
    reset() {
      log.clear();
      api.reset();
      inbox?.reset();
    },
  };
}

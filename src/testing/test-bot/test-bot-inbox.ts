import type { InboxJob } from '../../inbox/inbox-job.js';
import type { DeadLetter } from '../../inbox/lane-store.js';
import { createMemoryInbox, type MemoryInbox } from '../../inbox/memory-inbox.js';
import type { InboxErrorPhase, InboxWorkerOptions } from '../../inbox/worker-options.js';
import type { MessageCreatedEvent } from '../../momotalk/events/message-created-event.js';
import type { WebhookEvent } from '../../momotalk/events/webhook-event.js';
import type { ReplyClient } from '../../momotalk/handler/webhook-context.js';
import { inboxLane, inboxPayload } from '../../momotalk/provider.js';
import type { InboxEntry } from '../../receiver/inbox-writer.js';
import { settleWithClock, type TestBotClock } from './test-clock.js';

/**
 * The `inbox` option of `createTestBot` as an object: the memory inbox to run on and its worker's settings
 * (`concurrency`, `maxAttempts`, `backoffMs`, `maxBackoffMs`, `onUnknownOutcome`, `onError`), as
 * `createMemoryInbox().worker(…)` takes them, with the same defaults.
 *
 * @example
 * ```ts
 * const options: TestBotInboxOptions = { maxAttempts: 3, backoffMs: 100 };
 * const chat = createTestBot(bot, { inbox: options });
 * ```
 */
export interface TestBotInboxOptions extends Omit<InboxWorkerOptions, 'handler' | 'process'> {
  /**
   * The memory inbox to run on; the test bot starts its (one) worker.
   * @default a new `createMemoryInbox()`
   */
  readonly memory?: MemoryInbox | undefined;
}

/**
 * One run of an inbox entry by the test bot's worker, as `chat.inbox.runs` lists them: a retried entry
 * has one run per attempt.
 *
 * @example
 * ```ts
 * const run: TestInboxRun = { id: 'momotalk:bot_test:evt_1', lane: 'momotalk:bot_test:room:7', attempt: 1, room_id: 7, body: 'hi' };
 * ```
 */
export interface TestInboxRun {
  /** The entry id: the event's dedupe key (`momotalk:<bot>:<event_id>`). */
  readonly id: string;
  /** Its lane: `momotalk:<bot>:room:<room_id>`. */
  readonly lane: string;
  /** 1 for the first run of the entry. */
  readonly attempt: number;
  /** The room of the user's message. */
  readonly room_id: number | undefined;
  /** The user's message. */
  readonly body: string | undefined;
}

/**
 * A failure the test bot's inbox worker reported (what `onError` is told), as `chat.inbox.errors` lists them.
 *
 * @example
 * ```ts
 * expect(chat.inbox.errors.map((failure) => failure.phase)).toEqual(['process', 'dead-letter']);
 * ```
 */
export interface TestInboxError {
  /** `process` (the bot threw: retried), `dead-letter`, `rate-limit` (a 429: every lane paused) or `internal`. */
  readonly phase: InboxErrorPhase;
  /** The entry, when the failure concerns one. */
  readonly entryId: string | undefined;
  /** The run that failed. */
  readonly attempt: number | undefined;
  /** What was thrown. */
  readonly error: unknown;
}

/**
 * `chat.inbox` of a test bot created with the `inbox` option: the memory inbox the bot runs behind, and
 * what a test needs to look at it.
 *
 * @example
 * ```ts
 * const chat = createTestBot(bot, { inbox: true, clock: vi });
 * await chat.inbox.idle();
 * const [dead] = await chat.inbox.deadLetters();
 * ```
 */
export interface TestBotInbox {
  /** The memory inbox itself (`createMemoryInbox`). */
  readonly memory: MemoryInbox;
  /** Every run of an entry, in the order the worker started them (a copy): each room's order is in it. */
  readonly runs: readonly TestInboxRun[];
  /** Every failure the worker reported, oldest first (a copy). */
  readonly errors: readonly TestInboxError[];
  /**
   * Resolves when no entry is waiting or running (retries and a 429 pause included). With the test bot's
   * `clock`, the fake time moves to the next timer while it waits, so backoffs and pauses take no real time.
   */
  idle(): Promise<void>;
  /** The dead letters, oldest first (`memory.listDeadLetters`). */
  deadLetters(limit?: number): Promise<DeadLetter[]>;
  /**
   * Puts a dead letter back at the end of its room's lane (`memory.replayDeadLetter`), its attempts reset;
   * `false` when `id` is not one. Await `idle()` to see it run.
   */
  replay(id: string): Promise<boolean>;
  /**
   * Stops the worker: waits for the runs in progress, then cuts the waiting retries and pauses short (their
   * rooms are parked, and `idle()` no longer waits for them). `says()` calls still waiting never settle after it.
   */
  close(): Promise<void>;
}

/** @internal The test bot's view of its inbox: `chat.inbox`, and a `says()` that goes through it. */
export interface TestBotInboxRunner {
  readonly inbox: TestBotInbox;
  /**
   * Enqueues the event as the webhook would (same id, lane and payload) and resolves once its entry is
   * done, rejecting with the bot's last error when it was dead-lettered.
   */
  deliver(event: MessageCreatedEvent): Promise<void>;
  /** Forgets the runs and errors. */
  reset(): void;
}

/** The value of the `inbox` option. */
type InboxSetting = boolean | MemoryInbox | TestBotInboxOptions | undefined;

/**
 * @internal Starts the memory inbox worker of a test bot, running each entry through
 * `bot.handleEvent(event, { client })` with the entry's send ledger around the test client, as a real
 * worker's `handler` does around the bot's own client.
 * @throws {TypeError} When `setting` is neither a boolean, a memory inbox nor an options object, or a worker
 * option is invalid, or the given memory inbox already has a worker.
 */
export function startTestBotInbox(
  setting: InboxSetting,
  run: (event: WebhookEvent, client: ReplyClient) => Promise<unknown>,
  client: ReplyClient,
  clock: TestBotClock | undefined,
): TestBotInboxRunner | undefined {
  if (setting === undefined || setting === false) return undefined;
  if (setting !== true && (typeof setting !== 'object' || setting === null)) {
    throw new TypeError(
      '[momotalk-bot-sdk] createTestBot: inbox must be true, a createMemoryInbox() or { memory?, maxAttempts?, backoffMs?, … }.',
    );
  }
  const given: TestBotInboxOptions =
    setting === true ? {} : isMemoryInbox(setting) ? { memory: setting } : setting;
  const { memory = createMemoryInbox(), onError, ...workerOptions } = given;
  if (!isMemoryInbox(memory)) {
    throw new TypeError('[momotalk-bot-sdk] createTestBot: inbox.memory must be a createMemoryInbox().');
  }
  const runs: TestInboxRun[] = [];
  const errors: TestInboxError[] = [];
  const waiting = new Map<string, { resolve: () => void; reject: (error: unknown) => void }>();

  const worker = memory.worker({
    ...workerOptions,
    process: async (job: InboxJob) => {
      const { event } = job.payload as { event: MessageCreatedEvent };
      const room = event.message?.room_id;
      runs.push({
        id: job.id,
        lane: job.lane,
        attempt: job.attempt,
        room_id: typeof room === 'number' ? room : undefined,
        body: event.message?.body,
      });
      await run(event, job.ledger(client));
      waiting.get(job.id)?.resolve();
      waiting.delete(job.id);
    },
    onError: async (error, info) => {
      errors.push({ phase: info.phase, entryId: info.entryId, attempt: info.attempt, error });
      if (info.phase === 'dead-letter' && info.entryId !== undefined) {
        waiting.get(info.entryId)?.reject(error);
        waiting.delete(info.entryId);
      }
      // A test's own onError sees everything too; without one, nothing is logged (the test reads `errors`).
      await onError?.(error, info);
    },
  });

  return {
    inbox: {
      memory,
      get runs() {
        return [...runs];
      },
      get errors() {
        return [...errors];
      },
      idle: () => settleWithClock(memory.idle(), clock),
      deadLetters: (limit) => memory.listDeadLetters(limit),
      replay: (id) => memory.replayDeadLetter(id),
      close: () => worker.close(),
    },
    async deliver(event) {
      const entry = inboxEntryOf(event);
      const done = new Promise<void>((resolve, reject) => {
        waiting.set(entry.id, { resolve, reject });
      });
      // Observed below; a dead letter coming before that must not count as an unhandled rejection.
      done.catch(() => undefined);
      await memory.enqueue(entry);
      await settleWithClock(done, clock);
    },
    reset() {
      runs.length = 0;
      errors.length = 0;
    },
  };
}

/** The entry the webhook would enqueue for this event (`bot.webhook()` with `inbox`). */
function inboxEntryOf(event: MessageCreatedEvent): InboxEntry {
  const item = {
    event,
    eventId: event.event_id,
    botId: event.bot_id,
    idempotencyKey: `momotalk:${event.bot_id}:${event.event_id}`,
  };
  return { id: item.idempotencyKey, lane: inboxLane(item), payload: inboxPayload(item) };
}

function isMemoryInbox(value: unknown): value is MemoryInbox {
  const inbox = value as Partial<MemoryInbox>;
  return (
    typeof inbox.enqueue === 'function' &&
    typeof inbox.worker === 'function' &&
    typeof inbox.idle === 'function' &&
    typeof inbox.replayDeadLetter === 'function'
  );
}

import type { ConnectionOptions, Job } from 'bullmq';
import { type BullMQInbox, INBOX_LANES } from './bullmq-inbox.js';
import { drainLane } from './drain-lane.js';
import { handlerProcess } from './inbox-job.js';
import { loadBullMQ } from './load-bullmq.js';
import { observeInbox } from './observe-inbox.js';
import { type InboxWorkerOptions, resolveWorkerOptions } from './worker-options.js';

/**
 * Options of {@link createInboxWorker}: the processing options and the BullMQ worker's timing.
 *
 * @example
 * ```ts
 * const options: BullMQInboxWorkerOptions = { inbox, handler, concurrency: 32 };
 * ```
 */
export interface BullMQInboxWorkerOptions extends InboxWorkerOptions {
  /** The inbox to read (the same queue name and prefix as the webhook's). */
  readonly inbox: BullMQInbox;
  /**
   * How long a lane job's lock lives without renewal (BullMQ's `lockDuration`): after a worker dies, its
   * room waits about this long (plus `stalledIntervalMs`) before another worker resumes it.
   * @default 30000
   */
  readonly lockDurationMs?: number | undefined;
  /**
   * How often BullMQ looks for lane jobs whose worker died (`stalledInterval`).
   * @default 30000
   */
  readonly stalledIntervalMs?: number | undefined;
  /**
   * How often the worker schedules a job for every room that still holds events (a room whose job was
   * never added because the webhook died between two Redis calls), and once at start.
   * @default 30000
   */
  readonly sweepIntervalMs?: number | undefined;
}

/**
 * A running inbox worker. `close()` is the graceful shutdown.
 *
 * @example
 * ```ts
 * process.on('SIGTERM', () => worker.close().then(() => process.exit(0)));
 * ```
 */
export interface InboxWorker {
  /** Resolves once the worker is connected and taking jobs. */
  ready(): Promise<void>;
  /**
   * Stops taking lanes; a lane being run finishes its current event (or, past BullMQ's wait, is returned
   * to the queue for another worker), then the connections close.
   */
  close(): Promise<void>;
}

/**
 * Runs the events of a {@link BullMQInbox}: each room's events one at a time and in the order the webhook
 * stored them, rooms in parallel (`concurrency` per process, any number of processes and machines). A
 * failing event is retried after a backoff (its room waits behind it), and after `maxAttempts` runs moved
 * to the dead letters (listed and replayed by `momotalk-bot inbox`). A 429 from the Bot API pauses every
 * worker of the queue for its `Retry-After` (BullMQ's queue-wide rate limit). With `handler`, each send
 * through `ctx.reply` / `ctx.client` goes through the send ledger, so a re-run does not repeat a
 * confirmed send.
 *
 * With `telemetry`, each run is a job span linked to the webhook's (see the option), and the queue's
 * `momotalk.inbox.depth` (events stored, those being run included) and `momotalk.inbox.oldest_age` (the
 * oldest room head's wait) are sampled when metrics are collected: one read-only Lua script over the rooms
 * that hold events, O(rooms); nothing after `close()`.
 *
 * Malformed input: a stored payload that is not a valid event fails its runs (`WebhookPayloadError`) and
 * ends as a dead letter; it never stops the room.
 *
 * @throws {TypeError} When neither or both of `handler` and `process` are given, or an option is invalid.
 *
 * @example
 * ```ts
 * import { BotClient, createWebhookHandler } from 'momotalk-bot-sdk';
 * import { createBullMQInbox, createInboxWorker } from 'momotalk-bot-sdk/bullmq';
 *
 * const inbox = createBullMQInbox({ connection: { host: '127.0.0.1', port: 6379 } });
 * const handler = createWebhookHandler({ secret: process.env.MOMOTALK_WEBHOOK_SECRET!, client: new BotClient() })
 *   .on('talk.message_created', (event, ctx) => ctx.reply(`Echo: ${event.message.body}`));
 * const worker = createInboxWorker({ inbox, handler, concurrency: 32 });
 * process.on('SIGTERM', () => worker.close().then(() => process.exit(0)));
 * ```
 */
export function createInboxWorker(options: BullMQInboxWorkerOptions): InboxWorker {
  const caller = 'createInboxWorker';
  const lanesOf = INBOX_LANES.get(options?.inbox);
  if (lanesOf === undefined) {
    throw new TypeError(`[momotalk-bot-sdk] ${caller}: pass { inbox } from createBullMQInbox().`);
  }
  const resolved = resolveWorkerOptions(options, caller, handlerProcess, options.inbox.name);
  const inbox = options.inbox;
  let closing = false;
  let sweeper: ReturnType<typeof setInterval> | undefined;
  observeInbox(options.telemetry, inbox.name, async () => {
    if (closing) throw new Error('The worker is closed.'); // skipped, not a stale or zero reading
    return (await lanesOf()).sample();
  });

  const started = (async () => {
    const [{ Worker, DelayedError }, lanes] = await Promise.all([loadBullMQ(), lanesOf()]);
    const sweep = async (): Promise<void> => {
      try {
        for (const lane of await lanes.lanes()) await lanes.schedule(lane);
      } catch (error) {
        await resolved.report(error, { phase: 'internal' });
      }
    };
    const worker = new Worker(
      inbox.name,
      async (job: Job<{ lane: string }>, token?: string) => {
        const lane = job.data.lane;
        const outcome = await drainLane(lanes, lane, resolved, () => closing);
        if (outcome.kind === 'more') await lanes.schedule(lane);
        else if (outcome.kind === 'retry' || outcome.kind === 'wait') {
          await job.moveToDelayed(Date.now() + outcome.delayMs, token);
          throw new DelayedError();
        } else if (outcome.kind === 'rate-limited') {
          await lanes.queue.rateLimit(outcome.delayMs);
          throw Worker.RateLimitError();
        }
      },
      {
        connection: inbox.options.connection as ConnectionOptions,
        ...(inbox.options.prefix === undefined ? {} : { prefix: inbox.options.prefix }),
        concurrency: resolved.concurrency,
        lockDuration: options.lockDurationMs ?? 30_000,
        stalledInterval: options.stalledIntervalMs ?? 30_000,
        // A lane job must never fail for stalling: its room's events would wait for the next sweep.
        // Runs cut short are counted per event instead (maxAttempts).
        maxStalledCount: Number.MAX_SAFE_INTEGER,
        // BullMQ honours queue.rateLimit() (the shared 429 pause) only for workers with a limiter; this one
        // never limits by itself (a million lane jobs a second).
        limiter: { max: 1_000_000, duration: 1000 },
      },
    );
    worker.on('error', (error) => void resolved.report(error, { phase: 'internal' }));
    worker.on(
      'failed',
      (job, error) => void resolved.report(error, { phase: 'internal', lane: job?.data.lane }),
    );
    await worker.waitUntilReady();
    await sweep();
    sweeper = setInterval(() => void sweep(), options.sweepIntervalMs ?? 30_000);
    sweeper.unref?.();
    return worker;
  })();
  // A failed start is reported by ready() and close(); never an unhandled rejection.
  started.catch(() => {});

  return {
    ready: () => started.then(() => undefined),
    async close() {
      closing = true;
      if (sweeper !== undefined) clearInterval(sweeper);
      const worker = await started.catch(() => undefined);
      await worker?.close();
    },
  };
}

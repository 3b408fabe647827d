import type { ConnectionOptions, Queue } from 'bullmq';
import type { InboxEntry, InboxWriter } from '../receiver/inbox-writer.js';
import { type DeadLetter, LaneStore } from './lane-store.js';
import { loadBullMQ } from './load-bullmq.js';

/**
 * BullMQ's `connection` option, as given to BullMQ: ioredis options (`{ host, port, … }`) or a client
 * instance. Declared structurally so these types do not need bullmq's.
 *
 * @example
 * ```ts
 * const connection: BullMQConnection = { host: '127.0.0.1', port: 6379, enableOfflineQueue: false };
 * ```
 */
export type BullMQConnection = object;

/** @internal The lanes of each inbox, for its workers (kept off the public object and its types). */
export const INBOX_LANES = new WeakMap<object, () => Promise<LaneStore>>();

/**
 * Options of {@link createBullMQInbox}.
 *
 * @example
 * ```ts
 * const options: BullMQInboxOptions = { connection: { host: '127.0.0.1', port: 6379 }, name: 'mybot-inbox' };
 * ```
 */
export interface BullMQInboxOptions {
  /**
   * BullMQ's `connection`: ioredis options (`{ host, port }`, `{ url }`) or a client. The webhook side
   * should fail fast while Redis is down (`enableOfflineQueue: false`): the delivery is then answered 503
   * at once instead of after `dedupe.timeoutMs`.
   */
  readonly connection: BullMQConnection;
  /**
   * The BullMQ queue name; the webhook and its workers must agree.
   * @default "momotalk-inbox"
   */
  readonly name?: string | undefined;
  /**
   * BullMQ's key prefix. On Redis Cluster use a hash tag (`"{momotalk}"`): the inbox's scripts touch
   * several keys of one queue.
   * @default "bull"
   */
  readonly prefix?: string | undefined;
  /**
   * How long a processed event is remembered (a tombstone and its send ledger): within it, a redelivery
   * is not stored again, whatever the dedupe store says. Match the dedupe window (`dedupe.ttlMs`).
   * @default 86400000 (24 hours)
   */
  readonly retainMs?: number | undefined;
}

/**
 * A durable inbox on BullMQ (Redis): the `inbox` of `createWebhookHandler` (and the Kakao receivers)
 * writes to it, `createInboxWorker` reads from it. See {@link createBullMQInbox}.
 *
 * @example
 * ```ts
 * const letters = await inbox.listDeadLetters();
 * for (const letter of letters) await inbox.replayDeadLetter(letter.id);
 * ```
 */
export interface BullMQInbox extends InboxWriter {
  /** The queue name. */
  readonly name: string;
  /**
   * Dead letters, oldest first.
   * @param limit - At most this many. @default 100
   */
  listDeadLetters(limit?: number): Promise<DeadLetter[]>;
  /**
   * Puts a dead letter back at the end of its room's lane with its runs reset. Resolves `false` when `id`
   * is not a dead letter (already replayed, or unknown).
   */
  replayDeadLetter(id: string): Promise<boolean>;
  /** Closes this side's Redis connection (workers have their own). */
  close(): Promise<void>;
  /** The options it was created with (the workers connect with the same ones). */
  readonly options: BullMQInboxOptions;
}

/**
 * Creates a durable inbox on BullMQ. The webhook stores each verified, claimed event with
 * `inbox.enqueue` (the receiver calls it) and answers 200 once Redis holds it; workers on any number of
 * processes run each room's events one at a time, in order, and rooms in parallel.
 *
 * How: each event is a hash keyed by its dedupe key (stored once: a redelivery racing the first is a
 * no-op) whose id is pushed onto its room's list, in one Lua script; then the room's lane job is added to
 * the BullMQ queue with `deduplication: { id: room, keepLastIfActive: true }`, so each room has at most one
 * job running and one waiting. The lane job takes the room's head entry, runs it, and removes it; see
 * docs/scaling.md for why this holds under crashes and concurrency.
 *
 * Malformed input: `enqueue` rejects (the receiver answers 503) when Redis fails or the payload cannot
 * be serialised; `connection` is passed to BullMQ as given (its errors are BullMQ's). Nothing connects
 * before the first call; bullmq is imported then (an optional peer dependency).
 *
 * @throws {TypeError} When `connection` is missing or `retainMs` is not a positive integer.
 *
 * @example
 * ```ts
 * import { createWebhookHandler } from 'momotalk-bot-sdk';
 * import { createBullMQInbox } from 'momotalk-bot-sdk/bullmq';
 *
 * const inbox = createBullMQInbox({ connection: { host: '127.0.0.1', port: 6379, enableOfflineQueue: false } });
 * export default { fetch: createWebhookHandler({ secret: process.env.MOMOTALK_WEBHOOK_SECRET!, inbox }) };
 * ```
 */
export function createBullMQInbox(options: BullMQInboxOptions): BullMQInbox {
  if (typeof options !== 'object' || options === null || options.connection === undefined) {
    throw new TypeError(
      '[momotalk-bot-sdk] createBullMQInbox: pass { connection }, e.g. { connection: { host: "127.0.0.1", port: 6379 } }.',
    );
  }
  const name = options.name ?? 'momotalk-inbox';
  const retainMs = options.retainMs ?? 86_400_000;
  if (!Number.isSafeInteger(retainMs) || retainMs < 1) {
    throw new TypeError(
      '[momotalk-bot-sdk] createBullMQInbox: retainMs must be a positive integer of milliseconds.',
    );
  }
  let store: Promise<LaneStore> | undefined;
  const lanes = (): Promise<LaneStore> => {
    store ??= loadBullMQ().then(({ Queue }) => {
      const queue: Queue = new Queue(name, {
        connection: options.connection as ConnectionOptions,
        ...(options.prefix === undefined ? {} : { prefix: options.prefix }),
      });
      // BullMQ re-emits connection errors here; without a listener Node would throw them.
      queue.on('error', () => {});
      return new LaneStore(queue, retainMs);
    });
    return store;
  };
  const inbox: BullMQInbox = {
    name,
    options,
    async enqueue(entry: InboxEntry) {
      await (await lanes()).enqueue(entry, JSON.stringify(entry.payload));
    },
    async listDeadLetters(limit = 100) {
      return (await lanes()).deadLetters(limit);
    },
    async replayDeadLetter(id: string) {
      return (await lanes()).replay(id);
    },
    async close() {
      if (store !== undefined) await (await store).queue.close();
    },
  };
  INBOX_LANES.set(inbox, lanes);
  return inbox;
}

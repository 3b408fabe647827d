import type { Queue } from 'bullmq';
import type { InboxEntry } from '../receiver/inbox-writer.js';
import type { QueueSample } from '../telemetry/telemetry.js';
import type { LaneEntry } from './coalesce-rule.js';
import type { LaneWindow } from './drain-lane.js';
import {
  ACK,
  ACK_GROUP,
  BURY,
  BURY_GROUP,
  DEPTH,
  ENQUEUE,
  FIX_GROUP,
  HEAD,
  REPLAY,
  SEND_BEGIN,
  UNCOUNT,
  WINDOW,
} from './lane-scripts.js';

/** Lanes a gauge scrape reads at most: past it the depth is estimated from a sample (see `DEPTH`). */
const DEPTH_SAMPLE_LANES = 1000;

/** @internal The Redis client under a BullMQ queue (BullMQ's own abstraction over ioredis and node-redis). */
type RedisClient = Awaited<ReturnType<Queue['getBackend']>['client']>;

/** @internal The head entry of a lane, with this run counted. */
export interface LaneHead {
  readonly id: string;
  readonly payload: string;
  /** Runs started, this one included. */
  readonly attempts: number;
  /** Enqueue time, ms since the epoch. */
  readonly at: number;
}

/**
 * A dead-lettered entry, as listed by `inbox.listDeadLetters()`.
 *
 * @example
 * ```ts
 * for (const letter of await inbox.listDeadLetters()) console.info(letter.id, letter.attempts, letter.error);
 * ```
 */
export interface DeadLetter {
  /** The entry id (the event's dedupe key). */
  readonly id: string;
  /** Its lane (room). */
  readonly lane: string;
  /** The stored payload (the event JSON, its id and bot). */
  readonly payload: unknown;
  /** How many runs were started. */
  readonly attempts: number;
  /** The last error: its name and message, at most 1000 characters. */
  readonly error: string;
  /** When it was dead-lettered, ms since the epoch. */
  readonly deadAt: number;
}

const SCRIPTS = {
  ENQUEUE,
  HEAD,
  ACK,
  UNCOUNT,
  BURY,
  REPLAY,
  SEND_BEGIN,
  WINDOW,
  FIX_GROUP,
  ACK_GROUP,
  BURY_GROUP,
  DEPTH,
} as const;
const KEY_COUNTS: Record<keyof typeof SCRIPTS, number> = {
  ENQUEUE: 3,
  HEAD: 2,
  ACK: 3,
  UNCOUNT: 1,
  BURY: 3,
  REPLAY: 4,
  SEND_BEGIN: 1,
  WINDOW: 2,
  FIX_GROUP: 1,
  ACK_GROUP: 2,
  BURY_GROUP: 2,
  DEPTH: 1,
};

/**
 * @internal The lanes of one inbox on its queue's Redis connection: the Lua scripts of `lane-scripts.ts`
 * and the lane jobs. A lane job is one BullMQ job per lane, kept single by BullMQ's deduplication with
 * `keepLastIfActive`: while it waits or is delayed, adding another is a no-op (it will drain the lane);
 * while it is active, one follow-up is kept and created when it finishes, so an entry pushed after the
 * drainer looked is never left without a job.
 */
export class LaneStore {
  readonly queue: Queue;
  readonly #key: (suffix: string) => string;
  #client: Promise<RedisClient> | undefined;

  /** How long a processed entry's tombstone and ledger are kept. */
  readonly retainMs: number;

  constructor(queue: Queue, retainMs: number) {
    this.queue = queue;
    this.retainMs = retainMs;
    this.#key = (suffix) => queue.toKey(`inbox:${suffix}`);
  }

  #run(name: keyof typeof SCRIPTS, args: readonly (string | number)[]): Promise<unknown> {
    this.#client ??= this.queue.getBackend().client.then((client) => {
      for (const [script, lua] of Object.entries(SCRIPTS)) {
        client.defineCommand(`momotalkInbox${script}`, {
          numberOfKeys: KEY_COUNTS[script as keyof typeof SCRIPTS],
          lua,
        });
      }
      return client;
    });
    return this.#client.then((client) => client.runCommand(`momotalkInbox${name}`, [...args]));
  }

  /**
   * Stores the entry (once per id) and makes sure its lane has a job. An entry stored behind others needs
   * no job of its own: the lane's list was not empty, so the job that will drain it exists (it is only
   * removed after it found the list empty), or the sweep adds it (a webhook that died before adding it).
   */
  async enqueue(entry: InboxEntry, payload: string): Promise<void> {
    const stored = await this.#run('ENQUEUE', [
      this.#key(`e:${entry.id}`),
      this.#key(`l:${entry.lane}`),
      this.#key('lanes'),
      entry.id,
      entry.lane,
      payload,
    ]);
    if (Number(stored) !== 1) await this.schedule(entry.lane);
  }

  /** Adds the lane's job unless one is waiting, delayed or (then kept as its follow-up) active. */
  async schedule(lane: string): Promise<void> {
    await this.queue.add(
      'lane',
      { lane },
      { deduplication: { id: lane, keepLastIfActive: true }, removeOnComplete: true, removeOnFail: true },
    );
  }

  async head(lane: string): Promise<LaneHead | undefined> {
    const row = (await this.#run('HEAD', [
      this.#key(`l:${lane}`),
      this.#key('lanes'),
      lane,
      this.#key('e:'),
    ])) as [string, string, number | string, string | null] | null;
    if (row === null || row === undefined) return undefined;
    return { id: row[0], payload: row[1], attempts: Number(row[2]), at: Number(row[3] ?? 0) };
  }

  async ack(lane: string, id: string): Promise<void> {
    await this.#run('ACK', [
      this.#key(`l:${lane}`),
      this.#key(`e:${id}`),
      this.#key(`s:${id}`),
      id,
      this.retainMs,
    ]);
  }

  async uncount(id: string): Promise<void> {
    await this.#run('UNCOUNT', [this.#key(`e:${id}`)]);
  }

  async bury(lane: string, id: string, error: string): Promise<void> {
    await this.#run('BURY', [
      this.#key(`l:${lane}`),
      this.#key(`e:${id}`),
      this.#key('dead'),
      id,
      error,
      Date.now(),
    ]);
  }

  async window(lane: string, count: number): Promise<LaneWindow | undefined> {
    const row = (await this.#run('WINDOW', [
      this.#key(`l:${lane}`),
      this.#key('lanes'),
      lane,
      this.#key('e:'),
      count,
    ])) as (string | number | null)[] | null;
    if (row === null || row === undefined) return undefined;
    const next: LaneEntry[] = [];
    for (let i = 6; i + 2 < row.length; i += 3) {
      const payload = row[i + 1];
      next.push({
        id: String(row[i]),
        payload: typeof payload === 'string' ? payload : undefined,
        at: Number(row[i + 2] ?? 0),
      });
    }
    const head = {
      id: String(row[0]),
      payload: String(row[1]),
      attempts: Number(row[2]),
      at: Number(row[3] ?? 0),
    };
    const group = row[4] === null || row[4] === undefined ? undefined : Number(row[4]);
    return { head, group, next, now: Number(row[5]) };
  }

  async fixGroup(id: string, size: number): Promise<number> {
    return Number(await this.#run('FIX_GROUP', [this.#key(`e:${id}`), size]));
  }

  async ackGroup(lane: string, ids: readonly string[]): Promise<void> {
    const latest = ids[ids.length - 1] as string;
    await this.#run('ACK_GROUP', [
      this.#key(`l:${lane}`),
      this.#key(`s:${latest}`),
      this.retainMs,
      this.#key('e:'),
      ...ids,
    ]);
  }

  async buryGroup(lane: string, ids: readonly string[], error: string): Promise<void> {
    await this.#run('BURY_GROUP', [
      this.#key(`l:${lane}`),
      this.#key('dead'),
      error,
      Date.now(),
      this.#key('e:'),
      ...ids,
    ]);
  }

  /** Puts a dead letter back at the end of its lane; false when `id` is not a dead letter. */
  async replay(id: string): Promise<boolean> {
    const lane = (await this.#run('REPLAY', [
      this.#key('dead'),
      this.#key(`e:${id}`),
      this.#key('lanes'),
      this.#key('l:'),
      id,
    ])) as string | null;
    if (typeof lane !== 'string') return false;
    await this.schedule(lane);
    return true;
  }

  async deadLetters(limit: number): Promise<DeadLetter[]> {
    const client = await this.queue.getBackend().client;
    const ids = await client.zrange(this.#key('dead'), 0, limit - 1);
    const letters: DeadLetter[] = [];
    for (const id of ids) {
      const fields = await client.hgetall(this.#key(`e:${id}`));
      letters.push({
        id,
        lane: fields.lane ?? '',
        payload: parsePayload(fields.payload),
        attempts: Number(fields.attempts ?? 0),
        error: fields.error ?? '',
        deadAt: Number(fields.deadAt ?? 0),
      });
    }
    return letters;
  }

  /** Entries waiting (the heads being run included) and the oldest head's age, for the inbox gauges. */
  async sample(): Promise<QueueSample> {
    const [depth, oldest, now] = (await this.#run('DEPTH', [
      this.#key('lanes'),
      this.#key('l:'),
      this.#key('e:'),
      DEPTH_SAMPLE_LANES,
    ])) as [number, number, number];
    return oldest < 0 ? { depth } : { depth, oldestAgeMs: Math.max(0, now - oldest) };
  }

  /** Every lane that may hold entries (for the sweep). */
  async lanes(): Promise<string[]> {
    const client = await this.queue.getBackend().client;
    return client.smembers(this.#key('lanes'));
  }

  /** The send ledger: `new`, `pending` or the recorded `d:<json>`. */
  sendBegin(id: string, index: number): Promise<string> {
    return this.#run('SEND_BEGIN', [this.#key(`s:${id}`), index]) as Promise<string>;
  }

  async sendDone(id: string, index: number, record: string): Promise<void> {
    const client = await this.queue.getBackend().client;
    await client.hset(this.#key(`s:${id}`), { [String(index)]: `d:${record}` });
  }

  async sendForget(id: string, index: number): Promise<void> {
    const client = await this.queue.getBackend().client;
    await client.hdel(this.#key(`s:${id}`), String(index));
  }
}

function parsePayload(text: string | undefined): unknown {
  try {
    return text === undefined ? undefined : JSON.parse(text);
  } catch {
    return text;
  }
}

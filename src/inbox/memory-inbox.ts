import type { InboxEntry, InboxWriter } from '../receiver/inbox-writer.js';
import { drainLane, type LaneBackend } from './drain-lane.js';
import { handlerProcess } from './inbox-job.js';
import type { InboxWorker } from './inbox-worker.js';
import type { DeadLetter, LaneHead } from './lane-store.js';
import { observeInbox } from './observe-inbox.js';
import { type InboxWorkerOptions, resolveWorkerOptions } from './worker-options.js';

/**
 * The inbox in memory, with the BullMQ inbox's semantics in one process: entries stored once per id,
 * each lane (room) run one entry at a time in order and lanes in parallel (`concurrency`), retries with
 * backoff, dead letters and replay, the send ledger, and a shared pause on a 429. For tests, the emulator
 * and `createTestBot`; nothing survives the process.
 *
 * @example
 * ```ts
 * const inbox = createMemoryInbox();
 * const handler = createWebhookHandler({ secret, inbox });
 * inbox.worker({ handler });
 * await inbox.idle(); // everything enqueued so far has been processed or dead-lettered
 * ```
 */
export interface MemoryInbox extends InboxWriter {
  /** Starts the (one) worker of this inbox. */
  worker(options: InboxWorkerOptions): InboxWorker;
  /**
   * Resolves when no entry is waiting or running (a retry waiting for its backoff, and a room waiting for
   * its coalescing window, count as waiting). After a worker's `close()`, rooms whose wait it cut short (a
   * backoff, a 429 pause) are parked: they do not hold `idle()`, and the next `worker()` runs them.
   */
  idle(): Promise<void>;
  /** Dead letters, oldest first. */
  listDeadLetters(limit?: number): Promise<DeadLetter[]>;
  /** Puts a dead letter back at the end of its lane; `false` when `id` is not one. */
  replayDeadLetter(id: string): Promise<boolean>;
}

/**
 * Options of {@link createMemoryInbox}.
 *
 * @example
 * ```ts
 * const inbox = createMemoryInbox({ retainMs: 60_000 });
 * ```
 */
export interface MemoryInboxOptions {
  /**
   * How long a processed id is remembered, so its redelivery is not stored again.
   * @default 86400000 (24 hours)
   */
  readonly retainMs?: number | undefined;
}

interface Stored {
  lane: string;
  payload: string;
  attempts: number;
  at: number;
  error?: string;
  deadAt?: number;
  /** The group size a coalesced run of this head fixed. */
  group?: number;
}

/**
 * Creates a {@link MemoryInbox}.
 *
 * Malformed input: `enqueue` rejects with a `TypeError` when the payload cannot be serialised to JSON
 * (a receiver then answers 503); a second entry with a known id is ignored, as in Redis.
 *
 * @example
 * ```ts
 * import { createMemoryInbox } from 'momotalk-bot-sdk/bullmq';
 *
 * const inbox = createMemoryInbox();
 * const worker = inbox.worker({ handler });
 * ```
 */
export function createMemoryInbox(options: MemoryInboxOptions = {}): MemoryInbox {
  const retainMs = options.retainMs ?? 86_400_000;
  const entries = new Map<string, Stored>();
  /** Processed ids until they expire, oldest first (a redelivery within retainMs is not stored again). */
  const done = new Map<string, number>();
  const lanes = new Map<string, string[]>();
  const dead = new Map<string, number>();
  const ledgers = new Map<string, Map<number, string>>();
  const ready = new Set<string>(); // lanes waiting for a slot
  // Lanes waiting out a retry's backoff: a new entry behind the failed head must not cut the wait short
  // (in Redis, an entry stored behind others adds no job; the lane's delayed job runs it).
  const backingOff = new Set<string>();
  // Lanes waiting out a 429 pause: a worker's close() must not lose them with their timers.
  const pausedLanes = new Set<string>();
  // Lanes whose wait a close() cut short: the next worker runs them; idle() does not wait for them.
  const parked = new Set<string>();
  const running = new Set<string>();
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const waiters: (() => void)[] = [];
  let start: ((lane: string) => void) | undefined;

  const settle = (): void => {
    if (ready.size > 0 || running.size > 0 || timers.size > 0) return;
    for (const wake of waiters.splice(0)) wake();
  };
  const schedule = (lane: string): void => {
    if (backingOff.has(lane)) return;
    ready.add(lane);
    start?.(lane);
  };

  const backend: LaneBackend = {
    async head(lane): Promise<LaneHead | undefined> {
      const list = lanes.get(lane);
      while (list !== undefined && list.length > 0) {
        const id = list[0] as string;
        const entry = entries.get(id);
        if (entry !== undefined && entry.error === undefined) {
          entry.attempts++;
          return { id, payload: entry.payload, attempts: entry.attempts, at: entry.at };
        }
        list.shift();
      }
      lanes.delete(lane);
      return undefined;
    },
    async ack(lane, id) {
      if (lanes.get(lane)?.[0] === id) lanes.get(lane)?.shift();
      entries.delete(id);
      ledgers.delete(id);
      done.delete(id);
      done.set(id, Date.now() + retainMs);
    },
    async bury(lane, id, error) {
      if (lanes.get(lane)?.[0] === id) lanes.get(lane)?.shift();
      const entry = entries.get(id);
      if (entry === undefined) return;
      entry.error = error;
      entry.deadAt = Date.now();
      dead.set(id, entry.deadAt);
    },
    async window(lane, count) {
      const head = await backend.head(lane);
      if (head === undefined) return undefined;
      const group = entries.get(head.id)?.group;
      const next = (lanes.get(lane) ?? []).slice(1, Math.max(count, group ?? 0)).map((id) => {
        const entry = entries.get(id);
        const live = entry !== undefined && entry.error === undefined;
        return { id, payload: live ? entry.payload : undefined, at: entry?.at ?? 0 };
      });
      return { head, group, next, now: Date.now() };
    },
    async fixGroup(id, size) {
      const entry = entries.get(id);
      if (entry === undefined) return size;
      entry.group ??= size;
      return entry.group;
    },
    async ackGroup(lane, ids) {
      for (const id of ids) await backend.ack(lane, id);
    },
    async buryGroup(lane, ids, error) {
      const attempts = entries.get(ids[0] as string)?.attempts ?? 0;
      for (const id of ids) {
        const entry = entries.get(id);
        if (entry === undefined) continue;
        delete entry.group;
        entry.attempts = attempts;
        await backend.bury(lane, id, error);
      }
    },
    async uncount(id) {
      const entry = entries.get(id);
      if (entry !== undefined) entry.attempts--;
    },
    async sendBegin(id, index) {
      const ledger = ledgers.get(id) ?? new Map<number, string>();
      ledgers.set(id, ledger);
      const state = ledger.get(index);
      if (state !== undefined) return state === 'p' ? 'pending' : state;
      ledger.set(index, 'p');
      return 'new';
    },
    async sendDone(id, index, record) {
      ledgers.get(id)?.set(index, `d:${record}`);
    },
    async sendForget(id, index) {
      ledgers.get(id)?.delete(index);
    },
  };

  return {
    async enqueue(entry: InboxEntry) {
      const now = Date.now();
      for (const [id, expires] of done) {
        if (expires > now) break;
        done.delete(id);
      }
      if (entries.has(entry.id) || done.has(entry.id)) return;
      const payload = JSON.stringify(entry.payload);
      entries.set(entry.id, { lane: entry.lane, payload, attempts: 0, at: Date.now() });
      const list = lanes.get(entry.lane) ?? [];
      list.push(entry.id);
      lanes.set(entry.lane, list);
      schedule(entry.lane);
    },
    worker(options) {
      if (start !== undefined)
        throw new TypeError('[momotalk-bot-sdk] createMemoryInbox: one worker per memory inbox.');
      const resolved = resolveWorkerOptions(options, 'memoryInbox.worker', handlerProcess, 'memory');
      observeInbox(options.telemetry, 'memory', () => {
        let depth = 0;
        let oldest: number | undefined;
        for (const list of lanes.values()) {
          depth += list.length;
          const at = entries.get(list[0] as string)?.at;
          if (at !== undefined && (oldest === undefined || at < oldest)) oldest = at;
        }
        return oldest === undefined ? { depth } : { depth, oldestAgeMs: Math.max(0, Date.now() - oldest) };
      });
      let closing = false;
      let pausedUntil = 0;
      let resuming = false;
      const active = new Set<Promise<void>>();
      const later = (ms: number, fn: () => void): void => {
        const timer = setTimeout(() => {
          timers.delete(timer);
          fn();
          settle();
        }, ms);
        timers.add(timer);
      };
      const runLane = async (lane: string): Promise<void> => {
        const outcome = await drainLane(backend, lane, resolved, () => closing).catch(
          async (error: unknown) => {
            await resolved.report(error, { phase: 'internal', lane });
            return { kind: 'retry', delayMs: resolved.backoffMs } as const;
          },
        );
        if (outcome.kind === 'more' && !closing) schedule(lane);
        else if (outcome.kind === 'more') ready.add(lane);
        else if (outcome.kind === 'retry' || outcome.kind === 'wait') {
          // A room backing off (or waiting out a coalescing window) runs again on its timer, even when an
          // entry stored meanwhile scheduled it: the wait comes first.
          ready.delete(lane);
          backingOff.add(lane);
          later(outcome.delayMs, () => {
            backingOff.delete(lane);
            schedule(lane);
          });
        } else if (outcome.kind === 'rate-limited') {
          pausedUntil = Date.now() + outcome.delayMs;
          pausedLanes.add(lane);
          later(outcome.delayMs, () => {
            pausedLanes.delete(lane);
            schedule(lane);
          });
        }
      };
      start = (lane) => {
        if (closing || running.has(lane) || running.size >= resolved.concurrency) return;
        const pause = pausedUntil - Date.now();
        if (pause > 0) {
          // A timer may fire a little before Date.now() reaches pausedUntil: wake the waiting lanes then,
          // or they would wait for an enqueue that never comes (and idle() would never settle).
          if (!resuming) {
            resuming = true;
            later(pause, () => {
              resuming = false;
              for (const next of [...ready]) start?.(next);
            });
          }
          return;
        }
        ready.delete(lane);
        running.add(lane);
        const task = runLane(lane).finally(() => {
          running.delete(lane);
          active.delete(task);
          for (const next of [...ready]) start?.(next);
          settle();
        });
        active.add(task);
      };
      for (const lane of parked) ready.add(lane);
      parked.clear();
      for (const lane of [...ready]) start(lane);
      return {
        ready: () => Promise.resolve(),
        async close() {
          closing = true;
          await Promise.all(active);
          for (const timer of timers) clearTimeout(timer);
          timers.clear();
          // Their timers are gone: parked, the next worker runs them at once.
          for (const lane of [...backingOff, ...pausedLanes]) parked.add(lane);
          backingOff.clear();
          pausedLanes.clear();
          start = undefined;
          settle();
        },
      };
    },
    idle: () =>
      new Promise<void>((resolve) => {
        waiters.push(resolve);
        settle();
      }),
    async listDeadLetters(limit = 100) {
      return [...dead]
        .sort((a, b) => a[1] - b[1])
        .slice(0, limit)
        .map(([id]) => {
          const entry = entries.get(id) as Stored;
          return {
            id,
            lane: entry.lane,
            payload: JSON.parse(entry.payload) as unknown,
            attempts: entry.attempts,
            error: entry.error ?? '',
            deadAt: entry.deadAt ?? 0,
          };
        });
    },
    async replayDeadLetter(id) {
      const entry = entries.get(id);
      if (!dead.delete(id) || entry === undefined) return false;
      entry.attempts = 0;
      delete entry.error;
      delete entry.deadAt;
      const list = lanes.get(entry.lane) ?? [];
      list.push(id);
      lanes.set(entry.lane, list);
      schedule(entry.lane);
      return true;
    },
  };
}

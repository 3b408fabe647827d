import { isMoMoTalkRateLimitError } from '../errors/api-error.js';
import type { LaneEntry } from './coalesce-rule.js';
import { describe } from './describe-error.js';
import { drainGroup } from './drain-group.js';
import type { LaneHead } from './lane-store.js';
import { type LedgerStore, ledgeredClient } from './send-ledger.js';
import { backoffDelay, type ResolvedWorkerOptions } from './worker-options.js';

/** @internal What a driver (BullMQ or memory) offers the lane loop. */
export interface LaneBackend extends LedgerStore {
  head(lane: string): Promise<LaneHead | undefined>;
  ack(lane: string, id: string): Promise<void>;
  bury(lane: string, id: string, error: string): Promise<void>;
  uncount(id: string): Promise<void>;
  /**
   * Coalescing only: the head (its run counted) with the group size fixed by an earlier run, if any, and
   * the entries behind it, up to `count` entries in all (and at least the fixed group).
   */
  window(lane: string, count: number): Promise<LaneWindow | undefined>;
  /** Records on the head the size of the group its run covers, so a re-run covers the same entries. */
  fixGroup(id: string, size: number): Promise<number>;
  /** Removes a processed group (the lane's first entries, in order) at once; the ledger is the last's. */
  ackGroup(lane: string, ids: readonly string[]): Promise<void>;
  /** Moves a group that failed its last run to the dead letters at once, each entry with `error`. */
  buryGroup(lane: string, ids: readonly string[], error: string): Promise<void>;
}

/** @internal A lane's first entries, read for coalescing. */
export interface LaneWindow {
  readonly head: LaneHead;
  /** The group size an earlier run of this head fixed (then it runs exactly that group again). */
  readonly group: number | undefined;
  /** The entries behind the head, in order. */
  readonly next: readonly LaneEntry[];
  /**
   * The time on the clock that stamped the entries (`at`): Redis's own for the BullMQ inbox, so a webhook
   * host's clock ahead of the worker's cannot hold a coalescing room open.
   */
  readonly now: number;
}

/**
 * @internal How a lane run ended: `empty` (nothing left), `more` (stopped early: schedule the lane again),
 * `retry` (the head failed: run the lane again after `delayMs`), `wait` (a coalescing window is open: run
 * the lane again after `delayMs`, no run counted), `rate-limited` (a 429: pause everyone for `delayMs`,
 * the head's run not counted).
 */
export type LaneOutcome =
  | { readonly kind: 'empty' | 'more' }
  | { readonly kind: 'retry' | 'wait' | 'rate-limited'; readonly delayMs: number };

const NONE: readonly never[] = Object.freeze([]);

/** Entries one lane run processes at most, so a busy room does not hold a worker slot forever. */
const MAX_PER_RUN = 100;

/**
 * @internal Runs a lane's entries in order, one at a time: take the head (its run counted first, so a
 * run cut short by a crash counts too), run it, remove it. A head past `maxAttempts` is dead-lettered
 * without running; a failing head ends the run for a retry (the lane waits: order is kept).
 */
export async function drainLane(
  backend: LaneBackend,
  lane: string,
  options: ResolvedWorkerOptions,
  stopping: () => boolean,
): Promise<LaneOutcome> {
  for (let run = 0; run < MAX_PER_RUN; run++) {
    if (stopping()) return { kind: 'more' };
    if (options.coalesce !== undefined) {
      const outcome = await drainGroup(backend, lane, options, options.coalesce);
      if (outcome !== undefined) return outcome;
      continue;
    }
    const head = await backend.head(lane);
    if (head === undefined) return { kind: 'empty' };
    if (head.attempts > options.maxAttempts) {
      const error = new Error(
        `Dead-lettered after ${options.maxAttempts} runs; the last one did not finish (the worker stopped).`,
      );
      await backend.bury(lane, head.id, describe(error));
      await options.report(error, { phase: 'dead-letter', entryId: head.id, lane, attempt: head.attempts });
      continue;
    }
    try {
      await options.process({
        id: head.id,
        lane,
        payload: JSON.parse(head.payload) as { readonly [key: string]: unknown },
        attempt: head.attempts,
        enqueuedAt: head.at,
        coalesced: NONE,
        ledger: (client) => ledgeredClient(client, backend, head.id, options.decide),
      });
    } catch (error) {
      if (isMoMoTalkRateLimitError(error)) {
        await backend.uncount(head.id);
        await options.report(error, { phase: 'rate-limit', entryId: head.id, lane, attempt: head.attempts });
        return { kind: 'rate-limited', delayMs: Math.max(1, Math.ceil((error.retryAfter ?? 1) * 1000)) };
      }
      if (head.attempts >= options.maxAttempts) {
        await backend.bury(lane, head.id, describe(error));
        await options.report(error, { phase: 'dead-letter', entryId: head.id, lane, attempt: head.attempts });
        continue;
      }
      await options.report(error, { phase: 'process', entryId: head.id, lane, attempt: head.attempts });
      return { kind: 'retry', delayMs: backoffDelay(options, head.attempts) };
    }
    await backend.ack(lane, head.id);
  }
  return { kind: 'more' };
}

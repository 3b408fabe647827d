import { isMoMoTalkRateLimitError } from '../errors/api-error.js';
import type { LaneHead } from './lane-store.js';
import { type LedgerStore, ledgeredClient } from './send-ledger.js';
import { backoffDelay, type ResolvedWorkerOptions } from './worker-options.js';

/** @internal What a driver (BullMQ or memory) offers the lane loop. */
export interface LaneBackend extends LedgerStore {
  head(lane: string): Promise<LaneHead | undefined>;
  ack(lane: string, id: string): Promise<void>;
  bury(lane: string, id: string, error: string): Promise<void>;
  uncount(id: string): Promise<void>;
}

/**
 * @internal How a lane run ended: `empty` (nothing left), `more` (stopped early: schedule the lane again),
 * `retry` (the head failed: run the lane again after `delayMs`), `rate-limited` (a 429: pause everyone
 * for `delayMs`, the head's run not counted).
 */
export type LaneOutcome =
  | { readonly kind: 'empty' | 'more' }
  | { readonly kind: 'retry' | 'rate-limited'; readonly delayMs: number };

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

/** The error kept with a dead letter: name and message, bounded (never the stack or the cause). */
function describe(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.length > 1000 ? `${text.slice(0, 1000)}…` : text;
}

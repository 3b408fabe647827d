import { isMoMoTalkRateLimitError } from '../errors/api-error.js';
import { type LaneEntry, planCoalesce, type ResolvedCoalesce } from './coalesce-rule.js';
import { describe } from './describe-error.js';
import type { LaneBackend, LaneOutcome } from './drain-lane.js';
import { ledgeredClient } from './send-ledger.js';
import { backoffDelay, type ResolvedWorkerOptions } from './worker-options.js';

/**
 * @internal One step of a lane run with coalescing on: take the head and the run of events the rule
 * coalesces with it (or wait for the window to close), run the latest once with the others as
 * `coalesced`, then remove them all at once. `undefined` means "go on with the next head".
 *
 * Crash safety: before a group of several runs, its size is recorded on the head (`fixGroup`), so every
 * re-run of that head (after a crash or a failure) covers exactly the same events and keys its sends by
 * the same latest id; the group is acknowledged (or dead-lettered) by one atomic call. Killed before the
 * record, nothing ran: the next run plans again. The head's run is counted as in `drainLane`, and given
 * back when the run only waits.
 */
export async function drainGroup(
  backend: LaneBackend,
  lane: string,
  options: ResolvedWorkerOptions,
  rule: ResolvedCoalesce,
): Promise<LaneOutcome | undefined> {
  const window = await backend.window(lane, rule.max);
  if (window === undefined) return { kind: 'empty' };
  const { head } = window;
  const entries: readonly LaneEntry[] = [head, ...window.next];
  let size = window.group ?? 1;
  if (window.group === undefined && head.attempts <= options.maxAttempts) {
    const plan = planCoalesce(lane, entries, rule, window.now);
    if (plan.waitMs > 0) {
      await backend.uncount(head.id);
      return { kind: 'wait', delayMs: plan.waitMs };
    }
    // Recorded even for one (a head that ran alone stays alone), and only if no other worker recorded one
    // first (after a lost lock, two may plan at once): every run of this head covers the same events.
    size = await backend.fixGroup(head.id, plan.size);
  }
  const group = entries.slice(0, Math.max(1, size));
  const ids = group.map((entry) => entry.id);
  const latest = group[group.length - 1] as LaneEntry;
  const info = { entryId: latest.id, lane, attempt: head.attempts };
  const bury = (error: string) =>
    ids.length === 1 ? backend.bury(lane, head.id, error) : backend.buryGroup(lane, ids, error);
  if (head.attempts > options.maxAttempts) {
    const error = new Error(
      `Dead-lettered after ${options.maxAttempts} runs; the last one did not finish (the worker stopped).`,
    );
    await bury(describe(error));
    await options.report(error, { phase: 'dead-letter', ...info });
    return undefined;
  }
  try {
    await options.process({
      id: latest.id,
      lane,
      payload: JSON.parse(latest.payload as string) as { readonly [key: string]: unknown },
      attempt: head.attempts,
      enqueuedAt: latest.at,
      coalesced: group.slice(0, -1).map((entry) => ({
        id: entry.id,
        payload: JSON.parse(entry.payload as string) as { readonly [key: string]: unknown },
        enqueuedAt: entry.at,
      })),
      // Keyed by the latest event: a re-run of the group (the same latest, see fixGroup) replays its sends.
      ledger: (client) => ledgeredClient(client, backend, latest.id, options.decide),
    });
  } catch (error) {
    if (isMoMoTalkRateLimitError(error)) {
      await backend.uncount(head.id);
      await options.report(error, { phase: 'rate-limit', ...info });
      return { kind: 'rate-limited', delayMs: Math.max(1, Math.ceil((error.retryAfter ?? 1) * 1000)) };
    }
    if (head.attempts >= options.maxAttempts) {
      await bury(describe(error));
      await options.report(error, { phase: 'dead-letter', ...info });
      return undefined;
    }
    await options.report(error, { phase: 'process', ...info });
    return { kind: 'retry', delayMs: backoffDelay(options, head.attempts) };
  }
  if (ids.length === 1) await backend.ack(lane, head.id);
  else await backend.ackGroup(lane, ids);
  return undefined;
}

import { isMoMoTalkRateLimitError } from '../errors/api-error.js';
import type { JobTrace, Telemetry, TelemetrySpan } from '../telemetry/telemetry.js';
import type { InboxJob } from './inbox-job.js';

/** Keys of a stored carrier a job trace gets at most: W3C needs two; a hostile payload gets no more. */
const MAX_CARRIER_KEYS = 8;
/** Longest carrier value kept (a `tracestate` holds at most 32 members of 256 characters). */
const MAX_CARRIER_VALUE = 8192;

/**
 * @internal A worker's `process` traced: each run of an entry (of a coalesced group, the latest entry) is
 * a `telemetry.job()` span linked through the payload's `trace` carrier to the webhook's enqueue span,
 * the handler runs inside `job.handle` (so its span and the sends nest under the job's), and the job ends
 * `processed`, `rate_limited` (a 429: the run will be repeated) or `failed` with the error. Telemetry
 * that throws is ignored: the entry runs exactly once either way, and its outcome is the handler's.
 *
 * @example
 * ```ts fragment
 * const process = tracedProcess(handlerProcess(handler), telemetry, 'momotalk');
 * ```
 */
export function tracedProcess(
  process: (job: InboxJob, span?: TelemetrySpan) => unknown,
  telemetry: Telemetry | undefined,
  queue: string,
): (job: InboxJob) => unknown {
  if (typeof telemetry?.job !== 'function') return process;
  return async (job): Promise<void> => {
    let trace: JobTrace | undefined;
    try {
      trace = telemetry.job?.({
        queue,
        id: job.id,
        carrier: carrierOf(job.payload.trace),
        attempt: job.attempt,
      });
    } catch {
      trace = undefined;
    }
    if (trace === undefined) {
      await process(job);
      return;
    }
    // The handler runs once: `run` starts it on the first call and hands back the same promise after.
    let started: Promise<void> | undefined;
    let settled: { readonly failed: boolean; readonly error?: unknown } | undefined;
    const run = (span?: TelemetrySpan): Promise<void> => {
      started ??= (async () => {
        try {
          await process(job, span === undefined ? undefined : safeSpan(span));
          settled = { failed: false };
        } catch (error) {
          settled = { failed: true, error };
          throw error;
        }
      })();
      return started;
    };
    try {
      await trace.handle(itemOf(job), run);
    } catch {
      // The handler's failure is in `settled`.
    }
    // A telemetry that failed, returned early or skipped `run` must neither skip the entry nor run it twice.
    await run().catch(() => {});
    const { failed, error } = settled as unknown as { readonly failed: boolean; readonly error?: unknown };
    try {
      if (!failed) trace.end('processed');
      else trace.end(isMoMoTalkRateLimitError(error) ? 'rate_limited' : 'failed', error);
    } catch {
      // Telemetry must not change what happens to the entry.
    }
    if (failed) throw error;
  };
}

/** The span as the handler sees it: a telemetry's failure to annotate must not fail the event. */
function safeSpan(span: TelemetrySpan): TelemetrySpan {
  return {
    annotate(attributes) {
      try {
        span.annotate(attributes);
      } catch {
        // Telemetry must not change what happens to the entry.
      }
    },
    end(result, error) {
      try {
        span.end(result, error);
      } catch {
        // As above.
      }
    },
  };
}

/** The stored event and its id, as a handler span describes them (ids and type, never the body). */
function itemOf(job: InboxJob): { readonly event: unknown; readonly eventId: string | undefined } {
  const { event, eventId } = job.payload;
  return { event, eventId: typeof eventId === 'string' ? eventId : job.id };
}

/** The payload's `trace`, when it is an object of strings (a stored payload is not trusted further). */
function carrierOf(stored: unknown): Readonly<Record<string, string>> | undefined {
  if (typeof stored !== 'object' || stored === null || Array.isArray(stored)) return undefined;
  const carrier: Record<string, string> = {};
  let kept = 0;
  for (const [key, value] of Object.entries(stored)) {
    if (typeof value !== 'string' || value.length > MAX_CARRIER_VALUE) continue;
    carrier[key] = value;
    if (++kept === MAX_CARRIER_KEYS) break;
  }
  return kept === 0 ? undefined : carrier;
}

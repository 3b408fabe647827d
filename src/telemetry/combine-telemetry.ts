import type { DeliveryTrace, JobTrace, SendTrace, Telemetry, TelemetrySpan } from './telemetry.js';

/**
 * One {@link Telemetry} that reports to several: each delivery, send and job is traced by every one of
 * them (a member that is missing, or returns `undefined`, is skipped for that one). The handler runs once,
 * inside each telemetry's `handle` in turn (the first one's outermost), so each sees its own handler span
 * active. Trace carriers are merged (a later telemetry's keys win). With nothing to combine the result
 * traces nothing.
 *
 * @param telemetries - The telemetries, e.g. `openTelemetry()` and `emulatorTelemetry(…)`; `undefined`
 *   entries are skipped, so a development-only one can be written inline.
 * @returns A telemetry for the `telemetry` options.
 * @throws {TypeError} When an entry is neither a telemetry object nor `undefined`.
 *
 * @example
 * ```ts
 * import { combineTelemetry, openTelemetry } from 'momotalk-bot-sdk/otel';
 * import { emulatorTelemetry } from 'momotalk-bot-sdk/testing';
 *
 * const url = process.env.MOMOTALK_EMULATOR_URL;
 * const telemetry = combineTelemetry(
 *   openTelemetry(),
 *   url === undefined ? undefined : emulatorTelemetry({ url, token: process.env.MOMOTALK_BOT_TOKEN ?? '' }),
 * );
 * ```
 */
export function combineTelemetry(...telemetries: readonly (Telemetry | undefined)[]): Telemetry {
  const all = telemetries.filter((telemetry): telemetry is Telemetry => {
    if (telemetry === undefined) return false;
    if (typeof telemetry !== 'object' || telemetry === null) {
      throw new TypeError('[momotalk-bot-sdk] combineTelemetry: pass Telemetry objects (or undefined).');
    }
    return true;
  });
  return {
    delivery(start) {
      const traces = present(all.map((telemetry) => telemetry.delivery?.(start)));
      return traces.length === 0 ? undefined : combinedDelivery(traces);
    },
    send(start) {
      const traces = present(all.map((telemetry) => telemetry.send?.(start)));
      return traces.length === 0 ? undefined : combinedSend(traces);
    },
    job(start) {
      const traces = present(all.map((telemetry) => telemetry.job?.(start)));
      return traces.length === 0 ? undefined : combinedJob(traces);
    },
    observeQueue(queue, sample) {
      for (const telemetry of all) telemetry.observeQueue?.(queue, sample);
    },
  };
}

function present<T>(values: readonly (T | undefined)[]): T[] {
  return values.filter((value): value is T => value !== undefined);
}

function combinedSpan(spans: readonly TelemetrySpan[]): TelemetrySpan {
  return {
    annotate: (attributes) => {
      for (const span of spans) span.annotate(attributes);
    },
    end: (result, error) => {
      for (const span of spans) span.end(result, error);
    },
  };
}

/** Nests `run` inside every trace's `handle`, outermost first, and gives it all their spans as one. */
function nestedHandle<T>(
  traces: readonly Pick<DeliveryTrace, 'handle'>[],
  item: { readonly event: unknown; readonly eventId: string | undefined },
  run: (span: TelemetrySpan) => Promise<T>,
): Promise<T> {
  const spans: TelemetrySpan[] = [];
  const step = (index: number): Promise<T> => {
    const trace = traces[index];
    if (trace === undefined) return run(combinedSpan(spans));
    return trace.handle(item, (span) => {
      spans.push(span);
      return step(index + 1);
    });
  };
  return step(0);
}

function combinedDelivery(traces: readonly DeliveryTrace[]): DeliveryTrace {
  return {
    step: (name) => combinedSpan(traces.map((trace) => trace.step(name))),
    handle: (item, run) => nestedHandle(traces, item, run),
    carrier: () => Object.assign({}, ...traces.map((trace) => trace.carrier())),
    items: (outcomes) => {
      for (const trace of traces) trace.items(outcomes);
    },
    end: (answer) => {
      for (const trace of traces) trace.end(answer);
    },
  };
}

function combinedSend(traces: readonly SendTrace[]): SendTrace {
  return {
    response: (status, retryAfterSeconds) => {
      for (const trace of traces) trace.response(status, retryAfterSeconds);
    },
    retry: (attempt, delayMs, reason) => {
      for (const trace of traces) trace.retry(attempt, delayMs, reason);
    },
    end: (status, error, ambiguous) => {
      for (const trace of traces) trace.end(status, error, ambiguous);
    },
  };
}

function combinedJob(traces: readonly JobTrace[]): JobTrace {
  return {
    handle: (item, run) => nestedHandle(traces, item, run),
    end: (outcome, error) => {
      for (const trace of traces) trace.end(outcome, error);
    },
  };
}

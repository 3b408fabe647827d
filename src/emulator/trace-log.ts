import * as z from 'zod/mini';
import { formatZodIssues } from '../internal/format-zod-issues.js';
import type { RecordedTrace } from './trace-types.js';

/** @internal The largest trace body `POST /emulator/traces` reads (413 past it). */
export const MAX_TRACE_BYTES = 64 * 1024;
/** @internal The most spans one trace may carry (the recorder keeps fewer). */
export const MAX_TRACE_SPANS = 200;
/** @internal Traces kept per event id (a redelivery, an inbox job): the newest win. */
export const TRACES_PER_EVENT = 8;
/** @internal Event ids with traces kept: the oldest event's traces go first. */
export const TRACED_EVENTS = 200;

const MAX_ATTRIBUTES = 16;
const shortText = (max: number) => z.string().check(z.minLength(1), z.maxLength(max));
const milliseconds = () => z.number().check(z.gte(0), z.lte(3_600_000));
const nullableMs = () => z.nullable(milliseconds());

const spanSchema = z.strictObject({
  name: shortText(64),
  start_ms: milliseconds(),
  duration_ms: nullableMs(),
  status: z.enum(['ok', 'error']),
  result: z.optional(shortText(128)),
  attributes: z.optional(
    z.record(shortText(64), z.union([z.string().check(z.maxLength(256)), z.number(), z.boolean()])).check(
      z.refine((value) => Object.keys(value).length <= MAX_ATTRIBUTES, {
        message: `at most ${MAX_ATTRIBUTES} attributes`,
      }),
    ),
  ),
});

const traceSchema = z.strictObject({
  trace_id: shortText(64),
  event_id: shortText(128),
  kind: z.enum(['delivery', 'job']),
  started_at: z.number().check(z.gte(0)),
  duration_ms: nullableMs(),
  status: z.nullable(shortText(64)),
  spans: z.array(spanSchema).check(z.maxLength(MAX_TRACE_SPANS)),
  dropped_spans: z.optional(z.int().check(z.gte(0))),
});

/**
 * @internal Checks a posted trace: a JSON object of the {@link RecordedTrace} shape, every string short,
 * at most {@link MAX_TRACE_SPANS} spans of at most 16 attributes, durations within an hour, no unknown
 * field. Returns the trace or what is wrong (the first few issues, naming the field).
 */
export function parseRecordedTrace(
  value: unknown,
): { readonly ok: true; readonly trace: RecordedTrace } | { readonly ok: false; readonly message: string } {
  const parsed = z.safeParse(traceSchema, value);
  return parsed.success
    ? { ok: true, trace: parsed.data }
    : { ok: false, message: formatZodIssues(parsed.error.issues, 'trace') };
}

/**
 * @internal The traces the emulator keeps, by event id, bounded: {@link TRACES_PER_EVENT} per event (a
 * post with a known `trace_id` replaces that trace) and {@link TRACED_EVENTS} events (the event first
 * traced longest ago is forgotten first).
 */
export class TraceLog {
  readonly #byEvent = new Map<string, RecordedTrace[]>();

  /** Stores `trace`, replacing the one with its `trace_id`; returns it. */
  add(trace: RecordedTrace): RecordedTrace {
    const traces = this.#byEvent.get(trace.event_id) ?? [];
    const index = traces.findIndex((known) => known.trace_id === trace.trace_id);
    if (index === -1) traces.push(trace);
    else traces[index] = trace;
    if (traces.length > TRACES_PER_EVENT) traces.splice(0, traces.length - TRACES_PER_EVENT);
    this.#byEvent.set(trace.event_id, traces);
    while (this.#byEvent.size > TRACED_EVENTS) {
      const oldest = this.#byEvent.keys().next().value;
      if (oldest === undefined) break;
      this.#byEvent.delete(oldest);
    }
    return trace;
  }

  /** The traces of one event, oldest first. */
  of(eventId: string): readonly RecordedTrace[] {
    return this.#byEvent.get(eventId) ?? [];
  }

  /** Every kept trace. */
  all(): RecordedTrace[] {
    return [...this.#byEvent.values()].flat();
  }

  clear(): void {
    this.#byEvent.clear();
  }
}

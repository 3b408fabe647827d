import type { RecordedSpan, RecordedTrace } from '../emulator/trace-types.js';
import { SECRET_NAME } from '../telemetry/logger.js';
import type { TelemetryAttributes, TelemetrySpan } from '../telemetry/telemetry.js';
import { randomId } from './random-id.js';

/** @internal At most this many attributes per span; more are ignored. */
export const MAX_SPAN_ATTRIBUTES = 8;
/** @internal Attribute strings are cut to this many characters. */
export const MAX_ATTRIBUTE_CHARS = 120;

type AttributeValue = string | number | boolean;

/**
 * @internal The spans of one delivery or inbox job as `emulatorTelemetry()` records them, and when to
 * report them: once the delivery has answered (the job has ended) and no span is still open. A span that
 * starts after that (a handler in `acknowledge: 'before-processing'` mode) makes it report again when it
 * ends; the emulator replaces the trace by its id.
 *
 * @example
 * ```ts fragment
 * const recording = new TraceRecording('delivery', { maxSpans: 64, secrets: [token], report });
 * ```
 */
export class TraceRecording {
  readonly #id = randomId('trc_');
  readonly #startedAt = Date.now();
  readonly #origin = performance.now();
  readonly #kind: RecordedTrace['kind'];
  readonly #maxSpans: number;
  readonly #secrets: readonly string[];
  readonly #report: (trace: RecordedTrace) => void;
  readonly #spans: MutableSpan[] = [];
  #dropped = 0;
  #open = 0;
  #eventId: string | undefined;
  #duration: number | null = null;
  #status: string | null = null;
  #ended = false;
  #unreported = false;

  constructor(
    kind: RecordedTrace['kind'],
    options: {
      readonly maxSpans: number;
      readonly secrets: readonly string[];
      readonly report: (trace: RecordedTrace) => void;
    },
  ) {
    this.#kind = kind;
    this.#maxSpans = options.maxSpans;
    this.#secrets = options.secrets;
    this.#report = options.report;
  }

  /** The event the spans belong to: the first item's id (a MoMoTalk delivery has one event). */
  setEvent(eventId: string | undefined): void {
    if (this.#eventId === undefined && typeof eventId === 'string' && eventId !== '') {
      this.#eventId = eventId.slice(0, 128);
    }
  }

  /** Starts a span; past the bound it is counted and not kept. */
  span(name: string, attributes?: TelemetryAttributes): RecorderSpan {
    this.#unreported = true;
    this.#open += 1;
    const kept = this.#spans.length < this.#maxSpans;
    if (!kept) this.#dropped += 1;
    const span: MutableSpan = {
      name,
      start_ms: this.#sinceStart(),
      duration_ms: null,
      status: 'ok',
      result: undefined,
      attributes: {},
    };
    if (kept) this.#spans.push(span);
    const recorder = new RecorderSpan(span, this, this.#secrets);
    if (attributes !== undefined) recorder.annotate(attributes);
    return recorder;
  }

  /** @internal A span of this recording ended. */
  spanEnded(span: MutableSpan): void {
    span.duration_ms = this.#sinceStart() - span.start_ms;
    this.#open -= 1;
    this.#reportIfSettled();
  }

  /** The delivery answered (its HTTP status) or the job ended (its outcome). */
  end(status: string): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#unreported = true;
    this.#status = status.slice(0, 64);
    this.#duration = this.#sinceStart();
    this.#reportIfSettled();
  }

  #reportIfSettled(): void {
    if (!this.#ended || this.#open > 0 || !this.#unreported || this.#eventId === undefined) return;
    this.#unreported = false;
    this.#report({
      trace_id: this.#id,
      event_id: this.#eventId,
      kind: this.#kind,
      started_at: this.#startedAt,
      duration_ms: round(this.#duration),
      status: this.#status,
      spans: this.#spans.map(toRecorded),
      ...(this.#dropped > 0 ? { dropped_spans: this.#dropped } : {}),
    });
  }

  #sinceStart(): number {
    return performance.now() - this.#origin;
  }
}

/** @internal A span being recorded. */
export interface MutableSpan {
  name: string;
  start_ms: number;
  duration_ms: number | null;
  status: 'ok' | 'error';
  result: string | undefined;
  attributes: Record<string, AttributeValue>;
}

/**
 * @internal One recorded span: the {@link TelemetrySpan} the pipeline annotates and ends. Attributes whose
 * name looks like a credential are dropped, strings are cut short and cleared of the bot token; an error
 * is recorded by its name only (a handler's error message may hold anything).
 *
 * @example
 * ```ts fragment
 * const span = recording.span('verify');
 * span.end('invalid_signature');
 * ```
 */
export class RecorderSpan implements TelemetrySpan {
  readonly #span: MutableSpan;
  readonly #recording: TraceRecording;
  readonly #secrets: readonly string[];
  #ended = false;

  constructor(span: MutableSpan, recording: TraceRecording, secrets: readonly string[]) {
    this.#span = span;
    this.#recording = recording;
    this.#secrets = secrets;
  }

  annotate(attributes: TelemetryAttributes): void {
    const target = this.#span.attributes;
    for (const [name, value] of Object.entries(attributes)) {
      if (value === undefined || SECRET_NAME.test(name) || name.length > 64) continue;
      if (!(name in target) && Object.keys(target).length >= MAX_SPAN_ATTRIBUTES) continue;
      if (typeof value === 'number' && !Number.isFinite(value)) continue;
      target[name] = typeof value === 'string' ? this.#clean(value) : value;
    }
  }

  end(result?: string, error?: unknown): void {
    if (this.#ended) return;
    this.#ended = true;
    const failed = error !== undefined;
    if (failed) this.#span.status = 'error';
    const code = result ?? (failed ? errorName(error) : undefined);
    if (code !== undefined && code !== '') this.#span.result = this.#clean(code).slice(0, 128);
    this.#recording.spanEnded(this.#span);
  }

  /** Marks the span failed without ending it (a refusal code recorded by `end` later). */
  fail(): void {
    this.#span.status = 'error';
  }

  #clean(text: string): string {
    let out = text;
    for (const secret of this.#secrets) if (secret !== '') out = out.split(secret).join('[redacted]');
    return out.length > MAX_ATTRIBUTE_CHARS ? `${out.slice(0, MAX_ATTRIBUTE_CHARS - 1)}…` : out;
  }
}

function errorName(error: unknown): string {
  const name = error instanceof Error ? error.name : undefined;
  return typeof name === 'string' && /^[\w.$-]{1,64}$/.test(name) ? name : 'error';
}

function toRecorded(span: MutableSpan): RecordedSpan {
  const attributes = Object.keys(span.attributes).length > 0 ? { attributes: { ...span.attributes } } : {};
  return {
    name: span.name,
    start_ms: round(span.start_ms) ?? 0,
    duration_ms: round(span.duration_ms),
    status: span.status,
    ...(span.result === undefined ? {} : { result: span.result }),
    ...attributes,
  };
}

/** Milliseconds to three decimals (a microsecond: enough for a waterfall, short on the wire). */
function round(ms: number | null): number | null {
  return ms === null ? null : Math.max(0, Math.round(ms * 1000) / 1000);
}

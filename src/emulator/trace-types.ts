/** @internal Where a bot's `emulatorTelemetry()` posts the spans of a delivery (see `receiveTrace`). */
export const TRACES_PATH = '/emulator/traces';

/**
 * @internal The JSON a bot's `emulatorTelemetry()` posts to `POST /emulator/traces` and the page shows:
 * the spans of one delivery (or one inbox job) of one event. Only names, offsets, durations, statuses and
 * short ids: never a secret, a token, a signature or a message body.
 *
 * @example
 * ```ts
 * const trace: RecordedTrace = {
 *   trace_id: 'trc_1', event_id: 'evt_1', kind: 'delivery', started_at: Date.now(), duration_ms: 4.2,
 *   status: '200', spans: [{ name: 'verify', start_ms: 0.3, duration_ms: 0.2, status: 'ok' }],
 * };
 * ```
 */
export interface RecordedTrace {
  /** Random per delivery or job; a later post with the same id replaces the earlier one. */
  readonly trace_id: string;
  /** The event the spans belong to (`X-MoMoTalk-Event-Id`): how the emulator finds the delivery. */
  readonly event_id: string;
  /** `delivery` (the webhook request) or `job` (an inbox worker running the event later). */
  readonly kind: 'delivery' | 'job';
  /** Unix time in milliseconds at which the delivery (or job) started, by the bot's clock. */
  readonly started_at: number;
  /** From start to answer (or to the job's end); `null` while it has not ended. */
  readonly duration_ms: number | null;
  /** The HTTP status answered, or the job's outcome; `null` while unknown. */
  readonly status: string | null;
  /** The spans, in start order. */
  readonly spans: readonly RecordedSpan[];
  /** Spans not recorded because the trace reached its bound. */
  readonly dropped_spans?: number | undefined;
}

/**
 * @internal One span of a {@link RecordedTrace}: `read`, `verify`, `parse`, `claim`, `enqueue`,
 * `handler` or `send`.
 *
 * @example
 * ```ts
 * const span: RecordedSpan = { name: 'send', start_ms: 1.5, duration_ms: 12, status: 'ok', result: '200' };
 * ```
 */
export interface RecordedSpan {
  readonly name: string;
  /** Milliseconds from the trace's start. */
  readonly start_ms: number;
  /** `null` while the span has not ended. */
  readonly duration_ms: number | null;
  /** `error` when it failed (a refusal code, a thrown error), else `ok`. */
  readonly status: 'ok' | 'error';
  /** A short code: `duplicate`, `invalid_signature`, a send's HTTP status, an error's name. */
  readonly result?: string | undefined;
  /** Safe attributes: the handler's name, the room id, a send's retries. */
  readonly attributes?: Readonly<Record<string, string | number | boolean>> | undefined;
}

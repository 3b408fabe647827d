import { type Attributes, type Span, SpanStatusCode } from '@opentelemetry/api';
import type { TelemetryAttributes, TelemetrySpan } from '../telemetry/telemetry.js';
import { MOMOTALK_ATTRIBUTES, SEMCONV } from './attribute-names.js';

/**
 * @internal A {@link TelemetrySpan} over an OpenTelemetry span.
 *
 * @example
 * ```ts fragment
 * const step = new OtelSpan(tracer.startSpan('momotalk.verify', {}, parent));
 * step.end('invalid_signature');
 * ```
 */
export class OtelSpan implements TelemetrySpan {
  readonly span: Span;

  constructor(span: Span) {
    this.span = span;
  }

  annotate(attributes: TelemetryAttributes): void {
    this.span.setAttributes(attributes as Attributes);
  }

  end(result?: string, error?: unknown): void {
    if (result !== undefined) this.span.setAttribute(MOMOTALK_ATTRIBUTES.stepResult, result);
    if (error !== undefined) markFailed(this.span, error);
    this.span.end();
  }
}

/** @internal What a span that is not recorded gets: nothing to do. */
export const NOOP_SPAN: TelemetrySpan = Object.freeze({ annotate() {}, end() {} });

/**
 * @internal Marks a span failed: status ERROR with the error's type, `error.type`, and the error as an
 * exception event (its name and message: the SDK's errors hold no secret).
 *
 * @example
 * ```ts fragment
 * markFailed(span, error);
 * ```
 */
export function markFailed(span: Span, error: unknown): void {
  const type = errorType(error);
  span.setAttribute(SEMCONV.errorType, type);
  if (error instanceof Error) span.recordException(error);
  span.setStatus({ code: SpanStatusCode.ERROR, message: type });
}

/**
 * @internal `error.type` for an error: an HTTP status, a system error code (`ECONNREFUSED`), or the
 * error's name.
 *
 * @example
 * ```ts fragment
 * errorType(new MoMoTalkTimeoutError(init)); // 'MoMoTalkTimeoutError'
 * ```
 */
export function errorType(error: unknown): string {
  if (typeof error !== 'object' || error === null) return '_OTHER';
  const { status, code, name } = error as { status?: unknown; code?: unknown; name?: unknown };
  if (typeof status === 'number') return String(status);
  if (typeof code === 'string' && code !== '') return code;
  return typeof name === 'string' && name !== '' ? name : '_OTHER';
}

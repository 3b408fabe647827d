import { context, type Span, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { SendTrace } from '../telemetry/telemetry.js';
import { MOMOTALK_ATTRIBUTES as A, SEMCONV as S } from './attribute-names.js';
import type { OtelDeps } from './otel-deps.js';
import { errorType, markFailed } from './otel-span.js';
import { elapsed } from './run-handler.js';

/**
 * @internal One `sendMessage` call: a CLIENT span (HTTP client semantic conventions) in the active context
 * (under the handler's span when context propagates), a `retry` event per retry and a `rate_limited` event
 * per 429, and the send metrics.
 *
 * @example
 * ```ts fragment
 * const trace = new OtelSendTrace(deps, { method: 'POST', url, roomId: '123' });
 * ```
 */
export class OtelSendTrace implements SendTrace {
  readonly #deps: OtelDeps;
  readonly #started = performance.now();
  readonly #method: string;
  readonly #server: string | undefined;
  readonly #span: Span | undefined;
  #retries = 0;
  #lastStatus: number | undefined;

  constructor(
    deps: OtelDeps,
    start: { readonly method: string; readonly url: string; readonly roomId: string | undefined },
  ) {
    this.#deps = deps;
    this.#method = start.method;
    const url = safeUrl(start.url);
    this.#server = url?.hostname;
    const span = deps.tracer.startSpan(
      start.method,
      {
        kind: SpanKind.CLIENT,
        attributes: {
          [S.httpMethod]: start.method,
          [S.urlFull]: url?.href,
          [S.serverAddress]: url?.hostname,
          [S.serverPort]:
            url === undefined ? undefined : Number(url.port || (url.protocol === 'https:' ? 443 : 80)),
          [A.roomId]: start.roomId,
        },
      },
      context.active(),
    );
    if (span.isRecording()) this.#span = span;
  }

  response(status: number, retryAfterSeconds: number | undefined): void {
    this.#lastStatus = status;
    if (status !== 429) return;
    this.#deps.instruments().rateLimited.add(1, { [S.serverAddress]: this.#server });
    this.#span?.addEvent('rate_limited', {
      [S.httpStatus]: status,
      'momotalk.retry_after_s': retryAfterSeconds,
    });
  }

  retry(attempt: number, delayMs: number, reason: string): void {
    this.#retries = attempt;
    this.#deps.instruments().retries.add(1, { [A.retryReason]: reason });
    this.#span?.addEvent('retry', {
      [S.resendCount]: attempt,
      'momotalk.retry.delay_ms': delayMs,
      [A.retryReason]: reason,
    });
  }

  end(status: number | undefined, error: unknown, ambiguous: boolean): void {
    const outcome = status !== undefined ? 'ok' : ambiguous ? 'ambiguous' : 'error';
    const type = status !== undefined ? undefined : errorType(error);
    const answered = status ?? statusOf(error) ?? (ambiguous ? undefined : this.#lastStatus);
    const instruments = this.#deps.instruments();
    instruments.sends.add(1, { [A.sendOutcome]: outcome, [S.httpStatus]: answered, [S.errorType]: type });
    instruments.clientDuration.record(elapsed(this.#started), {
      [S.httpMethod]: this.#method,
      [S.serverAddress]: this.#server,
      [S.httpStatus]: answered,
      [S.errorType]: type,
    });
    if (ambiguous) instruments.ambiguousSends.add(1, { [S.errorType]: type });
    const span = this.#span;
    if (span === undefined) return;
    span.setAttributes({
      [S.httpStatus]: answered,
      [S.resendCount]: this.#retries === 0 ? undefined : this.#retries,
      [A.sendOutcome]: outcome,
    });
    if (status === undefined) {
      if (error === undefined) span.setStatus({ code: SpanStatusCode.ERROR });
      else markFailed(span, error);
    }
    span.end();
  }
}

/** The URL without credentials, query or fragment (semantic conventions: never record a secret). */
function safeUrl(url: string): URL | undefined {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    parsed.search = '';
    parsed.hash = '';
    return parsed;
  } catch {
    return undefined;
  }
}

function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null | undefined)?.status;
  return typeof status === 'number' ? status : undefined;
}

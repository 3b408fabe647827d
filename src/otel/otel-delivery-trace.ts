import {
  type Context,
  context,
  propagation,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import type {
  DeliveryOutcome,
  DeliveryStepName,
  DeliveryTrace,
  ItemOutcome,
  TelemetrySpan,
} from '../telemetry/telemetry.js';
import { MOMOTALK_ATTRIBUTES as A, SEMCONV as S } from './attribute-names.js';
import type { OtelDeps } from './otel-deps.js';
import { NOOP_SPAN, OtelSpan } from './otel-span.js';
import { elapsed, runHandler } from './run-handler.js';

/** The receivers' factory names, as the `momotalk.receiver` attribute. */
const RECEIVERS: Readonly<Record<string, string>> = {
  createWebhookHandler: 'momotalk',
  createBizmessageReceiver: 'kakao.bizmessage',
  createTalkShareReceiver: 'kakao.talk_share',
};

/**
 * @internal One delivery as OpenTelemetry sees it: a SERVER span named after the method (HTTP semantic
 * conventions: no route is known), child spans `momotalk.read`, `momotalk.verify`, `momotalk.parse`,
 * `momotalk.claim`, `momotalk.enqueue` (PRODUCER) and `momotalk.handler`, and the delivery metrics. When
 * the span is not recorded (no SDK registered, or not sampled) no child span is made; the metrics still
 * are (no-ops without a meter provider).
 *
 * @example
 * ```ts fragment
 * const trace = new OtelDeliveryTrace(deps, { receiver: 'createWebhookHandler', method: 'POST', url: '/webhook' });
 * ```
 */
export class OtelDeliveryTrace implements DeliveryTrace {
  readonly #deps: OtelDeps;
  readonly #started = performance.now();
  readonly #receiver: string;
  readonly #method: string;
  /** The delivery's span, when recorded. */
  readonly #span: Span | undefined;
  /** The context its children start in (the delivery's span in the context active on arrival). */
  readonly #context: Context | undefined;
  #enqueue: Span | undefined;
  #items: readonly ItemOutcome[] | undefined;

  constructor(
    deps: OtelDeps,
    start: { readonly receiver: string; readonly method: string; readonly url: string },
  ) {
    this.#deps = deps;
    this.#receiver = RECEIVERS[start.receiver] ?? start.receiver;
    this.#method = start.method.toUpperCase();
    const active = context.active();
    const span = deps.tracer.startSpan(
      this.#method,
      {
        kind: SpanKind.SERVER,
        attributes: {
          [S.httpMethod]: this.#method,
          [S.urlPath]: pathOf(start.url),
          [A.receiver]: this.#receiver,
        },
      },
      active,
    );
    if (span.isRecording()) {
      this.#span = span;
      this.#context = trace.setSpan(active, span);
    }
  }

  step(name: DeliveryStepName): TelemetrySpan {
    if (this.#context === undefined) return NOOP_SPAN;
    const producer = name === 'enqueue';
    const span = this.#deps.tracer.startSpan(
      `momotalk.${name}`,
      producer
        ? { kind: SpanKind.PRODUCER, attributes: { [S.messagingOperationType]: 'send' } }
        : { kind: SpanKind.INTERNAL },
      this.#context,
    );
    if (producer) this.#enqueue = span;
    return new OtelSpan(span);
  }

  handle<T>(
    item: { readonly event: unknown; readonly eventId: string | undefined },
    run: (span: TelemetrySpan) => Promise<T>,
  ): Promise<T> {
    // In `before-processing` mode the delivery's span has ended by now; the handler still nests under it.
    return runHandler(this.#deps, this.#context, this.#receiver, item, run);
  }

  carrier(): Record<string, string> {
    const carrier: Record<string, string> = {};
    const span = this.#enqueue ?? this.#span;
    if (span !== undefined) propagation.inject(trace.setSpan(context.active(), span), carrier);
    return carrier;
  }

  items(outcomes: readonly ItemOutcome[]): void {
    this.#items = outcomes;
  }

  end(answer: { readonly status: number; readonly body: string }): void {
    const { status } = answer;
    const code = status < 300 ? undefined : errorCode(answer.body);
    const outcome = this.#items === undefined ? outcomeOf(status, code) : overall(this.#items);
    const instruments = this.#deps.instruments();
    const attributes = {
      [A.receiver]: this.#receiver,
      [A.outcome]: outcome,
      [A.refusalReason]: code,
      [S.httpStatus]: status,
    };
    instruments.deliveries.add(1, attributes);
    instruments.serverDuration.record(elapsed(this.#started), {
      [S.httpMethod]: this.#method,
      [S.httpStatus]: status,
      [A.receiver]: this.#receiver,
    });
    const span = this.#span;
    if (span === undefined) return;
    span.setAttributes(attributes);
    if (status >= 500) {
      // HTTP server spans fail on 5xx only: a refused (4xx) delivery is the client's problem.
      span.setAttribute(S.errorType, String(status));
      span.setStatus({ code: SpanStatusCode.ERROR, message: code ?? String(status) });
    }
    span.end();
  }
}

/** A delivery's outcome from its items': the worst one decides, as it decides the answer. */
function overall(items: readonly ItemOutcome[]): DeliveryOutcome {
  if (items.includes('failed')) return 'failed';
  if (items.includes('not_enqueued')) return 'unavailable'; // the inbox could not store it: 503
  for (const worst of ['failed', 'unavailable', 'in_progress', 'processed'] as const) {
    if (items.includes(worst)) return worst;
  }
  return items.length === 0 ? 'processed' : 'duplicate';
}

/**
 * The outcome of a delivery answered before any item was processed: a 2xx then means the answer came
 * first (`acknowledge: 'before-processing'`).
 */
function outcomeOf(status: number, code: string | undefined): DeliveryOutcome {
  if (status < 300) return 'acknowledged';
  if (code === 'shutting_down') return 'shutting_down';
  return status >= 500 && code !== 'overloaded' ? 'error' : 'refused';
}

/** The `error` code of an answer the pipeline made (`{"error":"<code>"}`). */
function errorCode(body: string): string | undefined {
  try {
    const { error } = JSON.parse(body) as { error?: unknown };
    return typeof error === 'string' ? error : undefined;
  } catch {
    return undefined;
  }
}

/** The path of a request URL, without its query (a Talk Share GET carries parameters there). */
function pathOf(url: string): string {
  const query = url.search(/[?#]/);
  const path = query === -1 ? url : url.slice(0, query);
  if (path.startsWith('/')) return path;
  try {
    return new URL(path).pathname;
  } catch {
    return path;
  }
}

import {
  type Context,
  context,
  isSpanContextValid,
  type Link,
  propagation,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  trace,
} from '@opentelemetry/api';
import type { DeliveryOutcome, JobTrace, TelemetrySpan } from '../telemetry/telemetry.js';
import { MOMOTALK_ATTRIBUTES as A, SEMCONV as S } from './attribute-names.js';
import type { OtelDeps } from './otel-deps.js';
import { markFailed } from './otel-span.js';
import { runHandler } from './run-handler.js';

/**
 * @internal One inbox job on a worker: a CONSUMER span `process <queue>` (messaging semantic conventions)
 * linked to the webhook's span through the trace context carried in the job, its handler span, and the
 * job counter.
 *
 * @example
 * ```ts fragment
 * const job = new OtelJobTrace(deps, { queue: 'momotalk', id: '42', carrier, attempt: 1 });
 * ```
 */
export class OtelJobTrace implements JobTrace {
  readonly #deps: OtelDeps;
  readonly #queue: string;
  readonly #span: Span | undefined;
  readonly #context: Context | undefined;

  constructor(
    deps: OtelDeps,
    start: {
      readonly queue: string;
      readonly id: string | undefined;
      readonly carrier: Readonly<Record<string, string>> | undefined;
      readonly attempt: number;
    },
  ) {
    this.#deps = deps;
    this.#queue = start.queue;
    const links: Link[] = [];
    if (start.carrier !== undefined) {
      const producer = trace.getSpanContext(propagation.extract(ROOT_CONTEXT, start.carrier));
      if (producer !== undefined && isSpanContextValid(producer)) links.push({ context: producer });
    }
    const active = context.active();
    const span = deps.tracer.startSpan(
      `process ${start.queue}`,
      {
        kind: SpanKind.CONSUMER,
        links,
        attributes: {
          [S.messagingOperationType]: 'process',
          [S.messagingOperationName]: 'process',
          [S.messagingDestination]: start.queue,
          [S.messagingMessageId]: start.id,
          [A.jobAttempt]: start.attempt,
        },
      },
      active,
    );
    if (span.isRecording()) {
      this.#span = span;
      this.#context = trace.setSpan(active, span);
    }
  }

  handle<T>(
    item: { readonly event: unknown; readonly eventId: string | undefined },
    run: (span: TelemetrySpan) => Promise<T>,
  ): Promise<T> {
    return runHandler(this.#deps, this.#context, 'inbox', item, run);
  }

  end(outcome: DeliveryOutcome, error?: unknown): void {
    this.#deps.instruments().jobs.add(1, { [S.messagingDestination]: this.#queue, [A.outcome]: outcome });
    const span = this.#span;
    if (span === undefined) return;
    span.setAttribute(A.outcome, outcome);
    if (error !== undefined) markFailed(span, error);
    span.end();
  }
}

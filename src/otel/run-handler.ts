import { type Context, context, trace } from '@opentelemetry/api';
import type { TelemetrySpan } from '../telemetry/telemetry.js';
import { MOMOTALK_ATTRIBUTES as A } from './attribute-names.js';
import { eventAttributes } from './event-attributes.js';
import type { OtelDeps } from './otel-deps.js';
import { markFailed, NOOP_SPAN, OtelSpan } from './otel-span.js';

/**
 * @internal Runs one item's handler: a `momotalk.handler` span under `parent` (none when `parent` is
 * `undefined`: the delivery is not sampled), active while it runs, and the handler-duration metric
 * whether traced or not.
 *
 * @example
 * ```ts fragment
 * return runHandler(deps, this.#context, 'momotalk', item, run);
 * ```
 */
export async function runHandler<T>(
  deps: OtelDeps,
  parent: Context | undefined,
  receiver: string,
  item: { readonly event: unknown; readonly eventId: string | undefined },
  run: (span: TelemetrySpan) => Promise<T>,
): Promise<T> {
  const started = performance.now();
  const attributes = eventAttributes(item);
  const span =
    parent === undefined
      ? undefined
      : deps.tracer.startSpan(
          'momotalk.handler',
          { attributes: { [A.receiver]: receiver, ...attributes } },
          parent,
        );
  const metric = { [A.receiver]: receiver, [A.eventType]: attributes[A.eventType] };
  try {
    const result =
      span === undefined || parent === undefined
        ? await run(NOOP_SPAN)
        : await context.with(trace.setSpan(parent, span), () => run(new OtelSpan(span)));
    deps.instruments().handlerDuration.record(elapsed(started), { ...metric, [A.handlerOutcome]: 'ok' });
    span?.setAttribute(A.handlerOutcome, 'ok');
    return result;
  } catch (error) {
    deps.instruments().handlerDuration.record(elapsed(started), { ...metric, [A.handlerOutcome]: 'error' });
    if (span !== undefined) {
      span.setAttribute(A.handlerOutcome, 'error');
      markFailed(span, error);
    }
    throw error;
  } finally {
    span?.end();
  }
}

/**
 * @internal Seconds since `started` (a `performance.now()` reading): the unit of the duration metrics.
 *
 * @example
 * ```ts fragment
 * histogram.record(elapsed(started));
 * ```
 */
export function elapsed(started: number): number {
  return (performance.now() - started) / 1000;
}

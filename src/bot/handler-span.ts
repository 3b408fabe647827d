import type { TelemetrySpan } from '../telemetry/telemetry.js';

/** @internal Where `Bot` keeps the handler span on a traced event's context; absent when not traced. */
const HANDLER_SPAN = Symbol('momotalk.handlerSpan');

type Traced = { [HANDLER_SPAN]?: TelemetrySpan };

/** @internal Keeps the handler span on the context, for {@link nameHandler}. */
export function traceHandler(ctx: object, span: TelemetrySpan | undefined): void {
  if (span !== undefined) (ctx as Traced)[HANDLER_SPAN] = span;
}

/**
 * @internal `options` for `handleEvent` with the handler span an inbox worker runs the event in, so the bot
 * names what handled it there too (a symbol key: not a public option, invisible to JSON).
 */
export function withHandlerSpan<T extends object>(options: T, span: TelemetrySpan | undefined): T {
  return span === undefined ? options : { ...options, [HANDLER_SPAN]: span };
}

/** @internal The handler span {@link withHandlerSpan} put on `handleEvent`'s options, if any. */
export function handlerSpanOf(options: object | undefined): TelemetrySpan | undefined {
  return (options as Traced | undefined)?.[HANDLER_SPAN];
}

/**
 * @internal Names what handled the event (`command:help`, `hears:/^order/`, `on:message:TEXT`) on the
 * handler span; the innermost filter that matched wins. Without telemetry, one missing-property read.
 */
export function nameHandler(ctx: object, name: string): void {
  (ctx as Traced)[HANDLER_SPAN]?.annotate({ 'momotalk.handler.name': name });
}

/** @internal A label from a developer's trigger or query, bounded (never the message text itself). */
export function handlerLabel(kind: string, what: unknown): string {
  const parts = Array.isArray(what) ? what.map((one) => String(one)).join(',') : String(what);
  return `${kind}:${parts.length > 100 ? `${parts.slice(0, 99)}…` : parts}`;
}

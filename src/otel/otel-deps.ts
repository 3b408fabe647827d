import type { Tracer } from '@opentelemetry/api';
import type { Instruments } from './instruments.js';

/**
 * @internal What every trace of one `openTelemetry()` shares: its tracer and its (lazily made)
 * instruments.
 *
 * @example
 * ```ts fragment
 * const deps: OtelDeps = { tracer, instruments: lazyInstruments(options.meterProvider) };
 * ```
 */
export interface OtelDeps {
  readonly tracer: Tracer;
  readonly instruments: () => Instruments;
}

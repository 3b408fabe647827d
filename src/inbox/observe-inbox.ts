import type { QueueSample, Telemetry } from '../telemetry/telemetry.js';

/**
 * @internal Registers an inbox's gauges (`telemetry.observeQueue`), when the telemetry has them; one that
 * throws there only loses the gauges, never the worker.
 *
 * @example
 * ```ts fragment
 * observeInbox(options.telemetry, inbox.name, () => lanes.sample());
 * ```
 */
export function observeInbox(
  telemetry: Telemetry | undefined,
  queue: string,
  sample: () => QueueSample | Promise<QueueSample>,
): void {
  try {
    telemetry?.observeQueue?.(queue, sample);
  } catch {
    // Metrics must not stop the worker.
  }
}

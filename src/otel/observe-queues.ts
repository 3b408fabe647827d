import type { QueueSample } from '../telemetry/telemetry.js';
import { SEMCONV as S } from './attribute-names.js';
import type { Instruments } from './instruments.js';

/**
 * @internal The inbox gauges: `momotalk.inbox.depth` (jobs waiting) and `momotalk.inbox.oldest_age`
 * (seconds the oldest waiting job has waited), per queue, sampled when metrics are collected. A sample that
 * throws or rejects is skipped for that collection (the others are still reported).
 *
 * @example
 * ```ts fragment
 * const observe = queueObserver(instruments);
 * observe('momotalk', async () => ({ depth: await queue.getWaitingCount() }));
 * ```
 */
export function queueObserver(
  instruments: () => Instruments,
): (queue: string, sample: () => QueueSample | Promise<QueueSample>) => void {
  const queues = new Map<string, () => QueueSample | Promise<QueueSample>>();
  let registered = false;
  return (queue, sample) => {
    queues.set(queue, sample);
    if (registered) return;
    registered = true;
    const { meter } = instruments();
    const depth = meter.createObservableGauge('momotalk.inbox.depth', {
      unit: '{job}',
      description: 'Inbox jobs waiting for a worker, per queue.',
    });
    const age = meter.createObservableGauge('momotalk.inbox.oldest_age', {
      unit: 's',
      description: 'How long the oldest waiting inbox job has waited, per queue.',
    });
    meter.addBatchObservableCallback(
      async (result) => {
        await Promise.all(
          [...queues].map(async ([name, read]) => {
            let state: QueueSample;
            try {
              state = await read();
            } catch {
              return;
            }
            const attributes = { [S.messagingDestination]: name };
            result.observe(depth, state.depth, attributes);
            if (state.oldestAgeMs !== undefined) result.observe(age, state.oldestAgeMs / 1000, attributes);
          }),
        );
      },
      [depth, age],
    );
  };
}

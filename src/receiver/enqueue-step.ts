import { MoMoTalkError } from '../errors/momotalk-error.js';
import type { InboxWriter } from './inbox-writer.js';
import type { DeliveryProvider } from './receiver-options.js';

/**
 * @internal Why an item was not enqueued: the inbox failed or did not answer in time. The pipeline answers
 * 503 `inbox_unavailable` for it (not 500: nothing ran, the platform should simply retry).
 */
export class InboxUnavailableError extends MoMoTalkError {
  override name = 'InboxUnavailableError';
}

/**
 * @internal The provider's `process` replaced by a durable enqueue: the item's id is its dedupe key (a
 * random one when it has none, so `enqueue` still gets an id), its lane and payload come from
 * `provider.inboxEntry`. With telemetry, the enqueue is the `enqueue` step and the payload carries that
 * step's trace context as `trace` (W3C `traceparent`, `tracestate`; left out when empty), so a worker's
 * job span links to it. The claim around it is the pipeline's: completed once `enqueue` resolved (the
 * worker owns the item from then on), released when it rejects.
 *
 * @throws {TypeError} When the provider cannot describe its items for an inbox.
 */
export function enqueueingProvider<TItem, TEvent>(
  provider: DeliveryProvider<TItem, TEvent>,
  inbox: InboxWriter,
  timeoutMs: number,
  caller: string,
): DeliveryProvider<TItem, TEvent> {
  const toEntry = provider.inboxEntry;
  if (toEntry === undefined) {
    throw new TypeError(`[momotalk-bot-sdk] ${caller}: this receiver cannot use an inbox.`);
  }
  return {
    ...provider,
    process: (item, delivery, _span, trace) => {
      const id = provider.idempotencyKey(item, delivery) ?? globalThis.crypto.randomUUID();
      const { lane, payload } = toEntry.call(provider, item);
      // The carrier is taken once the enqueue span started, so a worker's job span links to that span.
      const step = trace?.step('enqueue');
      const carrier = trace?.carrier() ?? {};
      const entry = { id, lane, payload: Object.keys(carrier)[0] ? { ...payload, trace: carrier } : payload };
      return within(inbox.enqueue(entry), timeoutMs).then(
        () => step?.end(),
        (error: unknown) => {
          step?.end('not_enqueued', error);
          throw error;
        },
      );
    },
  };
}

function within(pending: Promise<void>, timeoutMs: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(
        new InboxUnavailableError(
          `The inbox did not answer within ${timeoutMs} ms (dedupe.timeoutMs): is Redis reachable?`,
        ),
      );
    }, timeoutMs);
    Promise.resolve(pending).then(
      () => {
        clearTimeout(timer);
        resolve();
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(new InboxUnavailableError('The inbox could not store the event.', { cause: error }));
      },
    );
  });
}

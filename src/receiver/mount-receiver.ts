import { type FetchHandler, toFetchHandler } from '../adapters/fetch.js';
import type { Receiver } from './create-receiver.js';

/**
 * @internal Turns a pipeline {@link Receiver} into the object users mount: a Fetch handler that is also
 * the `Receiver` (`handleDelivery`, `drain`, `close`, a live `pendingTasks`), plus the provider's own
 * members (`on`, `onShare`, …). The one place the MoMoTalk handler and the Kakao receivers are assembled.
 *
 * `extras` methods that return the mounted object for chaining refer to the result by its variable (it is
 * assigned before any of them can run).
 *
 * @example
 * ```ts fragment
 * const receiver = mountReceiver(core, {
 *   onShare(handler: TalkShareHandler) {
 *     handlers.push(handler);
 *     return receiver;
 *   },
 * });
 * ```
 */
export function mountReceiver<TExtras extends object>(
  core: Receiver,
  extras: TExtras,
): FetchHandler & Receiver & TExtras {
  const mounted = Object.assign(
    toFetchHandler(core),
    { handleDelivery: core.handleDelivery, drain: core.drain, close: core.close },
    extras,
  );
  Object.defineProperty(mounted, 'pendingTasks', { get: () => core.pendingTasks, enumerable: true });
  return mounted as FetchHandler & Receiver & TExtras;
}

import { MoMoTalkError } from '../errors/momotalk-error.js';
import type { IdempotencyStore } from '../idempotency/idempotency-store.js';
import { MemoryIdempotencyStore } from '../idempotency/memory-store.js';

/**
 * @internal Runs one call of the dedupe store, rejecting once `timeoutMs` passed without an answer: a
 * store that hangs (Redis paused, or a client queueing commands while disconnected) must not hold the
 * delivery, and everything behind it, open. The in-memory store answers at once, so it gets no timer.
 *
 * @example
 * ```ts fragment
 * const claim = await storeCall(store, 'claim', timeoutMs, () => store.claim(key, options));
 * ```
 */
export function storeCall<T>(
  store: IdempotencyStore,
  operation: 'claim' | 'complete' | 'release',
  timeoutMs: number,
  call: () => Promise<T>,
): Promise<T> {
  if (store instanceof MemoryIdempotencyStore) return call();
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(
        new MoMoTalkError(
          `The idempotency store did not answer ${operation} within ${timeoutMs} ms (dedupe.timeoutMs): ` +
            'is Redis reachable? See docs/scaling.md for client options that fail fast.',
        ),
      );
    }, timeoutMs);
    let pending: Promise<T>;
    try {
      // A JavaScript store may answer a plain value: wrapped, so the timer is always cleared.
      pending = Promise.resolve(call());
    } catch (error) {
      clearTimeout(timer);
      reject(error);
      return;
    }
    pending.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

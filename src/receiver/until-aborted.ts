/**
 * @internal `read` settled, or `signal` aborted first: then rejects with the signal's reason at once,
 * whatever the port does with the signal (a port that ignores it must not hold `close()`).
 *
 * @example
 * ```ts fragment
 * const body = await untilAborted(delivery.readBody(maxBytes, signal), signal);
 * ```
 */
export function untilAborted<T>(read: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    read.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

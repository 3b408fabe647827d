const CLIENT_ABORTED = Symbol.for('momotalk-bot-sdk.client-aborted');

/**
 * @internal The error a port's `readBody` rejects with when the client closed the connection before the
 * whole body arrived. The pipeline answers it as a refusal (`client_aborted`, to `onRejected`), not as a
 * failure: an aborted upload is not an application error, and anyone can cause one without credentials.
 *
 * @example
 * ```ts fragment
 * stream.on('close', () => reject(clientAborted()));
 * ```
 */
export function clientAborted(cause?: unknown): Error {
  const error = new Error(
    'The client closed the connection before the request body was complete.',
    cause === undefined ? undefined : { cause },
  );
  Object.defineProperty(error, CLIENT_ABORTED, { value: true });
  return error;
}

/** @internal True for an error made by {@link clientAborted}. */
export function isClientAborted(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { [CLIENT_ABORTED]?: true })[CLIENT_ABORTED] === true
  );
}

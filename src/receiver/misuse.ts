// Symbol.for, not a module-local symbol or a class: an adapter and the pipeline may come from different
// copies of the package (ESM and CJS builds), and the mark must still be seen.
const MISUSE = Symbol.for('momotalk-bot-sdk.misuse');

/**
 * @internal Marks `error` as a mounting mistake found while reading the body (a body parser consumed it):
 * the pipeline then hands it back in the answer (`DeliveryResponse.misuse`) for the adapter to raise once,
 * instead of reporting it to `onError` as well. Non-enumerable: `util.inspect` and `JSON.stringify` of the
 * error are unchanged.
 *
 * @example
 * ```ts fragment
 * throw markMisuse(new TypeError('[momotalk-bot-sdk] expressWebhook: the body was already read …'));
 * ```
 */
export function markMisuse<E extends Error>(error: E): E {
  Object.defineProperty(error, MISUSE, { value: true });
  return error;
}

/** @internal True for an error made by {@link markMisuse}. */
export function isMisuse(error: unknown): error is Error {
  return error instanceof Error && (error as unknown as Record<symbol, unknown>)[MISUSE] === true;
}

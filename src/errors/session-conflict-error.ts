import { isSdkErrorNamed, MoMoTalkError } from './momotalk-error.js';

/**
 * A session was changed by another update (another instance, usually) between this update's read and its
 * write, and the `session()` middleware's `onConflict` is `'throw'` (or `'retry'` ran out of attempts).
 * Nothing was written: the session holds the other update's value. Let it fail the delivery (the receiver
 * answers 500 and releases its dedupe claim, so a redelivery, if the platform sends one, runs again on
 * fresh state), or catch it and decide.
 *
 * The message names the session key (room and user ids, never the session's contents).
 *
 * @example
 * ```ts
 * import { isSessionConflictError } from 'momotalk-bot-sdk';
 *
 * bot.catch((error) => {
 *   if (isSessionConflictError(error)) console.warn(`session ${error.key} changed meanwhile`);
 * });
 * ```
 */
export class SessionConflictError extends MoMoTalkError {
  /** Always `'SessionConflictError'`, in every copy of the package (what the `is…Error` guards check). */
  override name = 'SessionConflictError';
  /** The session key that was written meanwhile. */
  readonly key: string;
  /** How many times the update ran (1 with `onConflict: 'throw'`). */
  readonly attempts: number;

  constructor(key: string, attempts: number) {
    super(
      `The session "${key}" was changed by another update while this one ran (${attempts} ` +
        `attempt${attempts === 1 ? '' : 's'}); nothing was written. Fail the delivery so it can be redelivered, ` +
        "or use session({ onConflict: 'retry' }) for handlers that only update state.",
    );
    this.key = key;
    this.attempts = attempts;
  }
}

/**
 * True for a {@link SessionConflictError} from any copy of this package.
 *
 * @example
 * ```ts
 * if (isSessionConflictError(error)) metrics.increment('session.conflict');
 * ```
 */
export function isSessionConflictError(value: unknown): value is SessionConflictError {
  return isSdkErrorNamed(value, 'SessionConflictError');
}

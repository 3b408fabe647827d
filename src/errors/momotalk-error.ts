/**
 * A brand shared by every copy of this package (ESM and CJS builds, bundled duplicates), so the
 * `is…Error` guards work where `instanceof` cannot: across realms and across module copies.
 */
const ERROR_BRAND = Symbol.for('momotalk-bot-sdk.error');

/**
 * Base class of every error this SDK throws on purpose. Catch it to handle all SDK failures at once.
 *
 * Messages never contain a secret, a bot token or a signature value.
 *
 * @example
 * ```ts
 * import { MoMoTalkError, isMoMoTalkError } from 'momotalk-bot-sdk';
 *
 * try {
 *   await client.sendMessage({ room_id: 123, body: 'hi' });
 * } catch (error) {
 *   if (isMoMoTalkError(error)) console.error(error.name, error.message);
 *   else throw error;
 * }
 * ```
 */
export class MoMoTalkError extends Error {
  /** Always `'MoMoTalkError'`, in every copy of the package (what the `is…Error` guards check). */
  override name = 'MoMoTalkError';

  /** @internal The brand the guards check. */
  declare readonly [ERROR_BRAND]: true;

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    Object.defineProperty(this, ERROR_BRAND, { value: true, enumerable: false });
  }
}

/**
 * True for any error thrown by this SDK, from any copy of the package (ESM or CJS) or realm.
 *
 * @example
 * ```ts
 * if (isMoMoTalkError(error)) console.error(error.name, error.message);
 * ```
 */
export function isMoMoTalkError(value: unknown): value is MoMoTalkError {
  return (
    typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[ERROR_BRAND] === true
  );
}

/** @internal True when `value` is one of this SDK's errors with the given `name`. */
export function isSdkErrorNamed(value: unknown, name: string): boolean {
  return isMoMoTalkError(value) && value.name === name;
}

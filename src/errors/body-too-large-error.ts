import { isSdkErrorNamed, MoMoTalkError } from './momotalk-error.js';

/**
 * A request body was larger than the receiver's `maxBodyBytes`. Receivers answer it with 413; reading
 * stops at the limit, so an oversized body is never buffered whole.
 *
 * @example
 * ```ts
 * import { isBodyTooLargeError } from 'momotalk-bot-sdk';
 *
 * if (isBodyTooLargeError(error)) console.warn(`body over ${error.limit} bytes`);
 * ```
 */
export class BodyTooLargeError extends MoMoTalkError {
  /** Always `'BodyTooLargeError'`, in every copy of the package (what the `is…Error` guards check). */
  override name = 'BodyTooLargeError';
  /** The limit in bytes that was exceeded. */
  readonly limit: number;

  constructor(limit: number) {
    super(`Request body is larger than the limit of ${limit} bytes (maxBodyBytes).`);
    this.limit = limit;
  }
}

/**
 * True for a {@link BodyTooLargeError} from any copy of this package.
 *
 * @example
 * ```ts
 * if (isBodyTooLargeError(error)) return new Response(null, { status: 413 });
 * ```
 */
export function isBodyTooLargeError(value: unknown): value is BodyTooLargeError {
  return isSdkErrorNamed(value, 'BodyTooLargeError');
}

/** @internal Length of a hex-encoded HMAC-SHA256 digest. */
export const SIGNATURE_HEX_LENGTH = 64;

const HEX_64 = /^[0-9a-fA-F]{64}$/;

/**
 * @internal True when `signature` is exactly 64 hex digits. Anything else (missing, empty, prefixed with
 * `sha256=`, padded with spaces, odd length) can never match and is rejected before any crypto runs.
 * Upper-case hex is accepted, as the platform guide's own receiver does.
 */
export function isWellFormedSignature(signature: unknown): signature is string {
  return typeof signature === 'string' && signature.length === SIGNATURE_HEX_LENGTH && HEX_64.test(signature);
}

import { matchesAny } from './configured-secrets.js';
import { getNodeCrypto } from './node-crypto.js';

const utf8 = new TextEncoder();

/**
 * @internal True when `received` equals `expected`, compared in constant time: the time taken reveals
 * neither where the strings differ nor the length of `expected`.
 *
 * With node:crypto both sides are hashed with SHA-256 and compared with `timingSafeEqual` (equal-length
 * digests, so no length leaks). Without node:crypto (workerd without `nodejs_compat`, browsers) a pure-JS
 * loop runs over the bytes of `received` only (the attacker's own length), reading `expected` modulo its
 * length and folding every difference, including a length difference, into one accumulator.
 *
 * Anything that is not a string (a missing header) is `false`, never a throw. `expected` must be a
 * non-empty string; callers check configuration before they get here.
 *
 * @example
 * ```ts
 * if (!constantTimeEqual(request.headers.get('x-toast-webhook-signature'), configured)) return reject();
 * ```
 */
export function constantTimeEqual(received: unknown, expected: string): boolean {
  return constantTimeMatcher([expected])(received);
}

/**
 * @internal A check of a received value against configured values, each compared as by
 * {@link constantTimeEqual}, true when any matches (all are compared; no early exit). The configured
 * values are hashed (or encoded) once here, so each call hashes only the received value, once.
 *
 * Every value in `expected` must be a non-empty string; callers check configuration first.
 *
 * @example
 * ```ts
 * const matches = constantTimeMatcher(configuredSecrets(options.signature, CALLER, SIGNATURE_SPEC));
 * if (!matches(delivery.header('x-toast-webhook-signature'))) return rejectDelivery(401, 'invalid_signature');
 * ```
 */
export function constantTimeMatcher(expected: readonly string[]): (received: unknown) => boolean {
  const crypto = getNodeCrypto();
  if (crypto !== undefined) {
    const digests = expected.map((value) => sha256(crypto, value));
    return (received) => {
      if (typeof received !== 'string') return false;
      const digest = sha256(crypto, received);
      return matchesAny(digests, (configured) => crypto.timingSafeEqual(digest, configured));
    };
  }
  const encoded = expected.map((value) => utf8.encode(value));
  return (received) => {
    if (typeof received !== 'string') return false;
    const bytes = utf8.encode(received);
    return matchesAny(encoded, (configured) => constantTimeEqualBytes(bytes, configured));
  };
}

type NodeCrypto = NonNullable<ReturnType<typeof getNodeCrypto>>;

/** SHA-256 of the UTF-8 text: one-shot `crypto.hash` (Node ≥ 21.7, about twice as fast) when present. */
function sha256(crypto: NodeCrypto, text: string): Buffer {
  if (typeof crypto.hash === 'function') return crypto.hash('sha256', text, 'buffer');
  return crypto.createHash('sha256').update(text, 'utf8').digest();
}

/** @internal The pure-JS path of {@link constantTimeEqual}, exported for tests. */
export function constantTimeEqualBytes(received: Uint8Array, expected: Uint8Array): boolean {
  let diff = received.length ^ expected.length;
  const modulus = expected.length === 0 ? 1 : expected.length;
  for (let i = 0; i < received.length; i++) {
    // biome-ignore lint/style/noNonNullAssertion: indices are in range by construction.
    diff |= received[i]! ^ (expected[i % modulus] ?? 0);
  }
  return diff === 0;
}

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
  if (typeof received !== 'string') return false;
  const crypto = getNodeCrypto();
  if (crypto !== undefined) {
    return crypto.timingSafeEqual(sha256(crypto, received), sha256(crypto, expected));
  }
  return constantTimeEqualBytes(utf8.encode(received), utf8.encode(expected));
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

/** How many imported keys are kept: a few secrets per process (rotation, a handful of bots). */
const MAX_CACHED_KEYS = 16;

const keys = new Map<string, Promise<CryptoKey>>();
const utf8 = new TextEncoder();

/** @internal Web Crypto's `SubtleCrypto`; throws a guiding error on a runtime without it. */
export function getSubtle(caller: string): SubtleCrypto {
  const subtle = (globalThis as { crypto?: { subtle?: SubtleCrypto } }).crypto?.subtle;
  if (subtle === undefined) {
    throw new Error(
      `[momotalk-bot-sdk] ${caller} needs Web Crypto (globalThis.crypto.subtle), which this runtime does not ` +
        'provide. On Node, use the synchronous verifyWebhook/signWebhook instead.',
    );
  }
  return subtle;
}

/**
 * @internal The HMAC-SHA256 key for `secret`, imported once and kept in a small bounded cache (oldest
 * dropped first). A failed import is not cached.
 */
export function hmacKey(subtle: SubtleCrypto, secret: string): Promise<CryptoKey> {
  const cached = keys.get(secret);
  if (cached !== undefined) return cached;
  const imported = subtle.importKey('raw', utf8.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
    'verify',
  ]);
  if (keys.size >= MAX_CACHED_KEYS) keys.delete(keys.keys().next().value as string);
  keys.set(secret, imported);
  imported.catch(() => {
    if (keys.get(secret) === imported) keys.delete(secret);
  });
  return imported;
}

/** @internal Body bytes as Web Crypto wants them (strings as UTF-8). */
export function toBufferSource(rawBody: string | Uint8Array | ArrayBuffer): BufferSource {
  return typeof rawBody === 'string' ? utf8.encode(rawBody) : (rawBody as BufferSource);
}

/** @internal 64 hex digits (already checked well-formed) as 32 bytes. */
export function hexToBytes(hex: string): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(hex.length / 2);
  for (let index = 0; index < bytes.length; index++) {
    bytes[index] = Number.parseInt(hex.slice(index * 2, index * 2 + 2), 16);
  }
  return bytes;
}

/** @internal Lowercase hex of `bytes`. */
export function bytesToHex(bytes: ArrayBuffer): string {
  let hex = '';
  for (const byte of new Uint8Array(bytes)) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

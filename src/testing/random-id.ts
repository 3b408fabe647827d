/**
 * @internal A random id with a prefix (`evt_3f9c…`): 12 random bytes as hex, from Web Crypto, so the
 * test kit's factories run on every runtime.
 */
export function randomId(prefix: string): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(12));
  let hex = '';
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0');
  return `${prefix}${hex}`;
}

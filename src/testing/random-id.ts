/**
 * @internal A random id with a prefix (`evt_3f9c…`): `bytes` random bytes (12 by default) as hex, from
 * Web Crypto, so the test kit's factories run on every runtime.
 */
export function randomId(prefix: string, bytes = 12): string {
  const random = globalThis.crypto.getRandomValues(new Uint8Array(bytes));
  let hex = '';
  for (const byte of random) hex += byte.toString(16).padStart(2, '0');
  return `${prefix}${hex}`;
}

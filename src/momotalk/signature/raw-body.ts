/**
 * The raw request body exactly as received: the bytes the platform signed.
 *
 * A string is taken as UTF-8 (what `await request.text()` gives back for a UTF-8 body). Node's
 * `Buffer` is a `Uint8Array`, so it is accepted as is.
 *
 * @example
 * ```ts
 * const fromFetch: RawBody = await request.arrayBuffer(); // or await request.text()
 * const fromExpress: RawBody = req.body; // a Buffer, with express.raw({ type: 'application/json' })
 * ```
 */
export type RawBody = string | Uint8Array | ArrayBuffer;

/**
 * @internal Throws a `TypeError` with guidance when `rawBody` is not raw bytes or text: the commonest
 * integration bug is passing a body a JSON parser already turned into an object.
 */
export function assertRawBody(rawBody: unknown, caller: string): asserts rawBody is RawBody {
  if (typeof rawBody === 'string' || rawBody instanceof Uint8Array || rawBody instanceof ArrayBuffer) return;
  if (ArrayBuffer.isView(rawBody)) return assertByteView(rawBody, caller);
  const got = rawBody === null ? 'null' : Array.isArray(rawBody) ? 'an array' : typeof rawBody;
  throw new TypeError(
    `[momotalk-bot-sdk] ${caller}: rawBody must be the raw request body as a string, Uint8Array/Buffer or ` +
      `ArrayBuffer, but got ${got === 'object' ? 'a parsed object' : got}. Pass the raw body; JSON.parse and ` +
      're-serialising change the bytes, so the signature would never match (with Express, use ' +
      "express.raw({ type: 'application/json' }) on the webhook route).",
  );
}

function assertByteView(view: ArrayBufferView, caller: string): never {
  throw new TypeError(
    `[momotalk-bot-sdk] ${caller}: rawBody must be a Uint8Array, Buffer or ArrayBuffer, but got a ` +
      `${view.constructor.name}. Wrap it: new Uint8Array(view.buffer, view.byteOffset, view.byteLength).`,
  );
}

const utf8 = new TextEncoder();

/** @internal The body as bytes (strings as UTF-8), without copying bytes that already are. */
export function rawBodyToBytes(rawBody: RawBody): Uint8Array {
  if (typeof rawBody === 'string') return utf8.encode(rawBody);
  return rawBody instanceof Uint8Array ? rawBody : new Uint8Array(rawBody);
}

const bodies = new WeakMap<Response, Uint8Array>();

/**
 * Remembers the bytes a `Response` was built from (the lean Node transport buffers small bodies), so
 * the client can decode them without streaming the body back out. The `Response` keeps its own body.
 */
export function rememberBody(response: Response, bytes: Uint8Array): Response {
  bodies.set(response, bytes);
  return response;
}

/** The bytes {@link rememberBody} recorded for `response`, if any. */
export function rememberedBody(response: Response): Uint8Array | undefined {
  return bodies.get(response);
}

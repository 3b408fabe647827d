/**
 * Headers that carry a request id, in the order they are looked up. The guide documents none; these are
 * the common names (generic, MoMoTalk-prefixed, IETF draft, AWS API Gateway / S3).
 */
export const REQUEST_ID_HEADERS: readonly string[] = [
  'x-request-id',
  'x-momotalk-request-id',
  'request-id',
  'x-amzn-requestid',
  'x-amz-request-id',
  'x-correlation-id',
];

/** The first non-empty request id header of `headers`, if any. */
export function findRequestId(headers: Headers): string | undefined {
  for (const name of REQUEST_ID_HEADERS) {
    const value = headers.get(name);
    if (value !== null && value !== '') return value;
  }
  return undefined;
}

/**
 * Bodies over this many bytes, counted after `Content-Encoding` decoding, are not kept (the reply of a
 * message send is small).
 */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * The body as text, never throwing: `undefined` when it could not be read (connection lost, aborted), did
 * not arrive within `timeoutMs`, or is larger than {@link MAX_BODY_BYTES} once decoded. `Content-Length` is
 * the size on the wire, so a small gzip or br body may decode to far more: reading stops (the stream is
 * cancelled) as soon as the decoded bytes pass the limit.
 */
export async function readBodyText(response: Response, timeoutMs: number): Promise<string | undefined> {
  if (response.body === null) return '';
  const reader = response.body.getReader();
  let stalled = false;
  const timer = setTimeout(() => {
    stalled = true;
    reader.cancel().catch(() => {});
  }, timeoutMs);
  try {
    const decoder = new TextDecoder();
    let text = '';
    let total = 0;
    for (;;) {
      const { done, value } = await reader.read();
      // A cancelled reader reports `done`: a stalled body is not a complete one.
      if (done) return stalled ? undefined : text + decoder.decode();
      total += value.byteLength;
      if (total > MAX_BODY_BYTES) {
        await reader.cancel().catch(() => {});
        return undefined;
      }
      text += decoder.decode(value, { stream: true });
    }
  } catch {
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * `fetch` with the body of every non-2xx answer limited to {@link MAX_BODY_BYTES} once decoded: ky reads
 * an error body into `HTTPError.data` with its own, larger limit, so past ours the stream errors, ky's read
 * fails, the source is cancelled, and the error's `body` is `undefined`. 2xx bodies are left alone (the
 * client reads them with {@link readBodyText}).
 */
export function limitErrorBodies(fetch: typeof globalThis.fetch): typeof globalThis.fetch {
  return async (input, init) => {
    const response = await fetch(input, init);
    if (response.ok || response.body === null) return response;
    let total = 0;
    const limit = new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        total += chunk.byteLength;
        if (total > MAX_BODY_BYTES) controller.error(new RangeError('The error body is larger than 1 MiB.'));
        else controller.enqueue(chunk);
      },
    });
    const { status, statusText, headers } = response;
    return new Response(response.body.pipeThrough(limit), { status, statusText, headers });
  };
}

/** Lenient JSON: the parsed value, or `undefined` for an empty or unparsable text. */
export function parseJsonLeniently(text: string | undefined): unknown {
  if (text === undefined || text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** An error body: parsed JSON when it parses, else the text; `undefined` when empty or unreadable. */
export function errorBodyFrom(text: string | undefined): unknown {
  if (text === undefined || text === '') return undefined;
  const parsed = parseJsonLeniently(text);
  return parsed === undefined ? text : parsed;
}

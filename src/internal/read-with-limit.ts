import { BodyTooLargeError } from '../errors/body-too-large-error.js';

/**
 * Collects chunks into one Uint8Array, failing with {@link BodyTooLargeError} as soon as the total passes
 * `maxBytes`. Chunks that are strings are taken as UTF-8 (Node streams with an encoding set).
 */
export async function readIterableWithLimit(
  source: AsyncIterable<Uint8Array | string>,
  maxBytes: number,
  onLimit?: () => void,
): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of source) {
    const bytes = typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk;
    total += bytes.byteLength;
    if (total > maxBytes) {
      onLimit?.();
      throw new BodyTooLargeError(maxBytes);
    }
    chunks.push(bytes);
  }
  return concatBytes(chunks, total);
}

/**
 * Like {@link readIterableWithLimit} for a WHATWG `ReadableStream`; cancels the stream at the limit, and
 * when `signal` aborts (then rejects with `signal.reason`: a cancelled stream ends its pending read as if
 * done, and those partial bytes must never pass for the whole body).
 */
export async function readWebStreamWithLimit(
  stream: ReadableStream<Uint8Array> | null,
  maxBytes: number,
  signal?: AbortSignal,
): Promise<Uint8Array> {
  if (stream === null) return new Uint8Array(0);
  const reader = stream.getReader();
  if (signal !== undefined) {
    const cancel = () => {
      reader.cancel(signal.reason).catch(() => {});
    };
    if (signal.aborted) cancel();
    else signal.addEventListener('abort', cancel, { once: true });
    try {
      const body = await readReader(reader, maxBytes);
      signal.throwIfAborted();
      return body;
    } finally {
      signal.removeEventListener('abort', cancel);
    }
  }
  return readReader(reader, maxBytes);
}

async function readReader(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  maxBytes: number,
): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      throw new BodyTooLargeError(maxBytes);
    }
    chunks.push(value);
  }
  return concatBytes(chunks, total);
}

/** `chunks` as one Uint8Array of `total` bytes; a single chunk is returned as is, without a copy. */
export function concatBytes(chunks: readonly Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

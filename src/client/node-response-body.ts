import type * as NodeHttp from 'node:http';
import type * as NodeZlib from 'node:zlib';
import { getBuiltin } from '../internal/get-builtin.js';

type ZlibModule = typeof NodeZlib;

/** @internal `res`, or `res` piped through a decoder for its `Content-Encoding` (gzip, deflate, br). */
export function decode(res: NodeHttp.IncomingMessage, encoding: string | undefined): NodeJS.ReadableStream {
  const name = encoding?.trim().toLowerCase();
  if (name === undefined || name === '' || name === 'identity') return res;
  const zlib = getBuiltin('node:zlib') as ZlibModule | undefined;
  if (zlib === undefined) return res;
  const decoder =
    name === 'gzip' || name === 'x-gzip'
      ? zlib.createGunzip()
      : name === 'deflate'
        ? zlib.createInflate()
        : name === 'br'
          ? zlib.createBrotliDecompress()
          : undefined;
  if (decoder === undefined) return res;
  res.on('error', (error) => decoder.destroy(error));
  // A decoder destroyed early (the body was cancelled, or is corrupt) leaves `res` paused with unread
  // data: close it too, so the socket is not kept (it cannot go back to the keep-alive pool anyway).
  decoder.once('close', () => {
    if (!res.complete) res.destroy();
  });
  return res.pipe(decoder);
}

/**
 * @internal A WHATWG stream over a Node stream, with back-pressure, cancel and `signal` aborts. zlib
 * honours back-pressure, so a reader that stops (the client's body limit) stops the decoding too.
 */
export function streamOf(
  source: NodeJS.ReadableStream,
  signal: AbortSignal | undefined,
  onAbort: () => void,
): ReadableStream<Uint8Array> {
  const nodeStream = source as NodeJS.ReadableStream & { destroy(error?: Error): void };
  let finished = false;
  let onStreamAbort: (() => void) | undefined;
  const finish = (): boolean => {
    if (finished) return false;
    finished = true;
    signal?.removeEventListener('abort', onAbort);
    if (onStreamAbort !== undefined) signal?.removeEventListener('abort', onStreamAbort);
    return true;
  };
  return new ReadableStream<Uint8Array>({
    start(controller) {
      const failWith = (reason: unknown): void => {
        if (finish()) controller.error(signal?.aborted ? signal.reason : reason);
      };
      onStreamAbort = () => {
        failWith(signal?.reason);
        nodeStream.destroy();
      };
      signal?.addEventListener('abort', onStreamAbort, { once: true });
      nodeStream.on('data', (chunk: Buffer) => {
        if (finished) return;
        controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        if ((controller.desiredSize ?? 1) <= 0) nodeStream.pause();
      });
      nodeStream.on('end', () => {
        if (finish()) controller.close();
      });
      nodeStream.on('error', (error: Error) => failWith(new TypeError('terminated', { cause: error })));
      nodeStream.on('close', () => failWith(new TypeError('terminated')));
    },
    pull() {
      nodeStream.resume();
    },
    cancel() {
      finish();
      nodeStream.destroy();
    },
  });
}

import type { DeliveryResponse } from '../../receiver/ports.js';

/**
 * The parts of a Node `ServerResponse` the adapters use (structural: no `@types/node` needed).
 *
 * @example
 * ```ts
 * import type { ServerResponse } from 'node:http';
 * import type { NodeResponseLike } from 'momotalk-bot-sdk/node';
 *
 * const fits = (res: ServerResponse): NodeResponseLike => res;
 * ```
 */
export interface NodeResponseLike {
  /** Sends the status line and headers (merged with any set before). */
  writeHead(statusCode: number, headers: Record<string, string>): unknown;
  /** Sends the body and finishes the response. */
  end(body: string): unknown;
  /** True once the status line and headers went out (Node's `res.headersSent`). */
  readonly headersSent?: boolean | undefined;
  /** True once the response was finished (Node's `res.writableEnded`). */
  readonly writableEnded?: boolean | undefined;
  /** Closes the connection (Node's `res.destroy()`): used when a 500 can no longer be written. */
  destroy?(error?: Error): unknown;
}

/**
 * @internal Writes a pipeline answer. Its `close` adds `connection: close`: after refusing an oversized body
 * the rest of it is never read, so the connection cannot be reused.
 */
export function writeNodeResponse(res: NodeResponseLike, response: DeliveryResponse): void {
  // Node reads the headers object without keeping or changing it, so the shared one is passed as is.
  // content-length: Node would otherwise send the body with chunked transfer encoding (writeHead
  // before end), which costs extra writes and bytes per response.
  const length = String(Buffer.byteLength(response.body));
  const headers =
    response.close === true
      ? { ...response.headers, 'content-length': length, connection: 'close' }
      : { ...response.headers, 'content-length': length };
  res.writeHead(response.status, headers as Record<string, string>);
  res.end(response.body);
}

/**
 * @internal The generic 500 for a misconfiguration when there is no `next` to hand the error to. Never
 * throws (it runs in a `.catch`, where a throw would be an unhandled rejection): when the headers already
 * went out (something else answered, or the failure came mid-response) a 500 can no longer be sent, so an
 * unfinished response has its connection destroyed (the client sees it cut, not a truncated success) and a
 * finished one is left alone.
 */
export function writeServerError(res: NodeResponseLike): void {
  if (res.headersSent !== true) {
    try {
      res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
      res.end('{"error":"internal_error"}');
      return;
    } catch {
      // Fall through: the response is unusable, close its connection.
    }
  }
  if (res.writableEnded === true) return;
  try {
    res.destroy?.();
  } catch {
    // Nothing more can be done for this response.
  }
}

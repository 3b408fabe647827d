import type { DeliveryResponse } from '../../webhooks/pipeline/delivery.js';

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
}

/**
 * @internal Writes a pipeline response. `close` adds `connection: close`: after refusing an oversized body
 * the rest of it is never read, so the connection cannot be reused.
 */
export function writeNodeResponse(res: NodeResponseLike, response: DeliveryResponse, close: boolean): void {
  // Node reads the headers object without keeping or changing it, so the shared one is passed as is.
  const headers = close ? { ...response.headers, connection: 'close' } : response.headers;
  res.writeHead(response.status, headers as Record<string, string>);
  res.end(response.body);
}

/** @internal The generic 500 for a misconfiguration when there is no `next` to hand the error to. */
export function writeServerError(res: NodeResponseLike): void {
  res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
  res.end('{"error":"internal_error"}');
}

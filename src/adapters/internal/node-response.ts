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
  /** The status code to send. */
  statusCode: number;
  /** Sets one response header. */
  setHeader(name: string, value: string): unknown;
  /** Sends the body and finishes the response. */
  end(body: string): unknown;
}

/**
 * @internal Writes a pipeline response. `close` adds `connection: close`: after refusing an oversized body
 * the rest of it is never read, so the connection cannot be reused.
 */
export function writeNodeResponse(res: NodeResponseLike, response: DeliveryResponse, close: boolean): void {
  res.statusCode = response.status;
  for (const [name, value] of Object.entries(response.headers)) res.setHeader(name, value);
  if (close) res.setHeader('connection', 'close');
  res.end(response.body);
}

/** @internal The generic 500 for a misconfiguration when there is no `next` to hand the error to. */
export function writeServerError(res: NodeResponseLike): void {
  res.statusCode = 500;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end('{"error":"internal_error"}');
}

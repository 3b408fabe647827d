/**
 * node:http adapter: mount any {@link WebhookReceiver} (the MoMoTalk webhook handler, the Kakao receivers)
 * on `http.createServer`, or as a connect-style `(req, res, next)` middleware.
 *
 * @module
 */
import type { WebhookReceiver } from '../receiver/ports.js';
import { createNodeDelivery, type NodeRequestLike } from './internal/node-delivery.js';
import { type NodeResponseLike, writeNodeResponse, writeServerError } from './internal/node-response.js';

export type { NodeRequestLike, NodeResponseLike };

/**
 * Runs one Node request through `receiver` and writes the response. The raw body is streamed from `req`
 * and refused with 413 as soon as it passes the receiver's limit (a larger `content-length` is refused
 * before reading). When a body parser ran first, its raw copy is used if it kept one (a Buffer `req.body`,
 * or `req.rawBody` as on Google Cloud Functions); otherwise nothing is written and the promise rejects.
 *
 * @throws {TypeError} When a body parser already consumed the body and kept no raw bytes (the message
 * names the fix); nothing has been written to `res` then.
 *
 * @example
 * ```ts
 * import { createServer } from 'node:http';
 * import { handleNodeRequest } from 'momotalk-bot-sdk/node';
 *
 * createServer((req, res) => {
 *   if (req.url === '/webhook') void handleNodeRequest(handler, req, res);
 *   else res.writeHead(404).end();
 * }).listen(3000);
 * ```
 */
export async function handleNodeRequest(
  receiver: WebhookReceiver,
  req: NodeRequestLike,
  res: NodeResponseLike,
): Promise<void> {
  const extra = req as { body?: unknown; rawBody?: unknown; originalUrl?: string };
  const delivery = createNodeDelivery(req, {
    url: extra.originalUrl,
    parsedBody: extra.body,
    rawBody: extra.rawBody,
    parserError: (found) =>
      new TypeError(
        `[momotalk-bot-sdk] handleNodeRequest: ${found}, so the exact bytes that were signed are gone. ` +
          'Mount the webhook before any body parser, or keep the raw bytes (a Buffer req.body or req.rawBody).',
      ),
  });
  const response = await receiver.handleDelivery(delivery);
  if (response.misuse !== undefined) throw response.misuse;
  writeNodeResponse(res, response);
}

/**
 * A Node request listener for `receiver`: `http.createServer(toNodeListener(handler))`. Also a
 * connect/Express-style middleware: given `next`, a body-parser misconfiguration goes to `next(error)`;
 * without it, the listener answers 500 and logs the error with `console.error` (its message names the
 * fix and holds no secret). Every method reaches the receiver (which answers 405 to anything but POST).
 *
 * @example
 * ```ts
 * import { createServer } from 'node:http';
 * import { createWebhookHandler } from 'momotalk-bot-sdk';
 * import { toNodeListener } from 'momotalk-bot-sdk/node';
 *
 * const handler = createWebhookHandler({ secret: process.env.MOMOTALK_WEBHOOK_SECRET! });
 * createServer(toNodeListener(handler)).listen(3000);
 * ```
 */
export function toNodeListener(
  receiver: WebhookReceiver,
): (req: NodeRequestLike, res: NodeResponseLike, next?: (error?: unknown) => void) => void {
  return (req, res, next) => {
    handleNodeRequest(receiver, req, res).catch((error: unknown) => {
      if (next !== undefined) return next(error);
      console.error(error);
      writeServerError(res);
    });
  };
}

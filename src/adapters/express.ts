/**
 * Express adapter (Express 4 and 5): mount any {@link WebhookReceiver} as a route handler.
 *
 * @module
 */
import type { WebhookReceiver } from '../receiver/ports.js';
import { createNodeDelivery, type NodeRequestLike } from './internal/node-delivery.js';
import { type NodeResponseLike, writeNodeResponse } from './internal/node-response.js';

export type { NodeRequestLike, NodeResponseLike };

/**
 * The parts of an Express `Request` the adapter reads (structural: Express 4 and 5 requests fit).
 *
 * @example
 * ```ts
 * import type { Request } from 'express';
 * import type { ExpressRequestLike } from 'momotalk-bot-sdk/express';
 *
 * const fits = (req: Request): ExpressRequestLike => req;
 * ```
 */
export interface ExpressRequestLike extends NodeRequestLike {
  /** The URL before any mount path was stripped. */
  readonly originalUrl?: string | undefined;
  /** What a body parser left: a Buffer from `express.raw()` is used as the raw bytes. */
  readonly body?: unknown;
  /** A raw copy some hosts keep (Google Cloud Functions, Firebase). */
  readonly rawBody?: unknown;
}

/**
 * An Express middleware that runs each request through `receiver` and answers it.
 *
 * The adapter reads the raw bytes itself: mount it before `express.json()`, or after `express.raw()`
 * (a Buffer `req.body` is used as the raw bytes; `req.rawBody`, as Google Cloud Functions and Firebase
 * keep it, is used too). If a body parser already turned the body into an object or a string, the signed
 * bytes are gone: the middleware then calls `next(error)` with a `TypeError` that names the fix, and
 * Express answers 500 (its default handler logs the message); it never answers a misleading 401.
 * Bodies past the receiver's limit get 413 without being buffered. Every method reaches the receiver.
 *
 * @example
 * ```ts
 * import express from 'express';
 * import { createWebhookHandler } from 'momotalk-bot-sdk';
 * import { expressWebhook } from 'momotalk-bot-sdk/express';
 *
 * const app = express();
 * const handler = createWebhookHandler({ secret: process.env.MOMOTALK_WEBHOOK_SECRET! });
 * app.post('/webhook', expressWebhook(handler)); // before app.use(express.json())
 * app.use(express.json());
 * app.listen(3000);
 * ```
 */
export function expressWebhook(
  receiver: WebhookReceiver,
): (req: ExpressRequestLike, res: NodeResponseLike, next: (error?: unknown) => void) => void {
  return (req, res, next) => {
    const delivery = createNodeDelivery(req, {
      url: req.originalUrl,
      parsedBody: req.body,
      rawBody: req.rawBody,
      parserError: (found) =>
        new TypeError(
          `[momotalk-bot-sdk] expressWebhook: ${found}, so the exact bytes that were signed are gone. ` +
            "Register the webhook route before any global body parser: app.post('/webhook', expressWebhook(handler)) " +
            'above app.use(express.json()). express.raw() on the route does not help once a global parser ran; it ' +
            'only works when no parser ran before the route.',
        ),
    });
    receiver
      .handleDelivery(delivery)
      .then((response) => {
        if (response.misuse !== undefined) next(response.misuse);
        else writeNodeResponse(res, response);
      })
      .catch(next);
  };
}

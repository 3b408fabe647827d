/**
 * Koa adapter: mount any {@link WebhookReceiver} as a Koa middleware.
 *
 * @module
 */
import type { WebhookReceiver } from '../receiver/ports.js';
import { createNodeDelivery, type NodeRequestLike } from './internal/node-delivery.js';

export type { NodeRequestLike };

/**
 * The parts of a Koa `Context` the middleware uses (structural: no koa import).
 *
 * @example
 * ```ts
 * import type { Context } from 'koa';
 * import type { KoaContextLike } from 'momotalk-bot-sdk/koa';
 *
 * const fits = (ctx: Context): KoaContextLike => ctx;
 * ```
 */
export interface KoaContextLike {
  /** Node's request, read when no body parser ran. */
  readonly req: NodeRequestLike;
  /** Koa's request; a body parser may have added `body` and `rawBody` to it. */
  readonly request: object;
  /** The URL before any mount path was stripped. */
  readonly originalUrl?: string | undefined;
  /** The request path, for the `path` option. */
  readonly path: string;
  /** The response status. */
  status: number;
  /** The response body. */
  body: unknown;
  /** Sets one response header. */
  set(field: string, value: string): void;
}

/**
 * Options of {@link koaWebhook}.
 *
 * @example
 * ```ts
 * const options: KoaWebhookOptions = { path: '/webhook' };
 * ```
 */
export interface KoaWebhookOptions {
  /**
   * Answer only requests for this exact path and pass the rest to `next()`; leave it out when a router
   * already routes to the middleware.
   * @default undefined (every request that reaches the middleware)
   */
  readonly path?: string | undefined;
}

/**
 * A Koa middleware that runs each request through `receiver` and answers it.
 *
 * It reads the raw bytes from `ctx.req`; after `koa-bodyparser` or `@koa/bodyparser` it uses the
 * `ctx.request.rawBody` they keep (taken as UTF-8). That copy is decoded text: a body with a byte-order mark
 * or invalid UTF-8 cannot be restored byte for byte and gets 401, so mount this middleware before the body
 * parser where you can. If only a parsed `ctx.request.body` is left, it throws
 * a `TypeError` naming the fix (Koa answers 500 and logs it) instead of failing the signature. Bodies past
 * the receiver's limit get 413 without being buffered. Every method reaches the receiver.
 *
 * @throws {TypeError} (to Koa) When a body parser consumed the body and kept no raw copy.
 *
 * @example
 * ```ts
 * import Koa from 'koa';
 * import { createWebhookHandler } from 'momotalk-bot-sdk';
 * import { koaWebhook } from 'momotalk-bot-sdk/koa';
 *
 * const handler = createWebhookHandler({ secret: process.env.MOMOTALK_WEBHOOK_SECRET! });
 * new Koa().use(koaWebhook(handler, { path: '/webhook' })).listen(3000);
 * ```
 */
export function koaWebhook(
  receiver: WebhookReceiver,
  options: KoaWebhookOptions = {},
): (ctx: KoaContextLike, next: () => Promise<unknown>) => Promise<void> {
  return async (ctx, next) => {
    if (options.path !== undefined && ctx.path !== options.path) return void (await next());
    const request = ctx.request as { readonly body?: unknown; readonly rawBody?: unknown };
    const delivery = createNodeDelivery(ctx.req, {
      url: ctx.originalUrl,
      parsedBody: request.body,
      rawBody: request.rawBody,
      parserError: (found) =>
        new TypeError(
          `[momotalk-bot-sdk] koaWebhook: ${found}, so the exact bytes that were signed are gone. Mount ` +
            'koaWebhook before the body parser, or use one that keeps ctx.request.rawBody (koa-bodyparser, @koa/bodyparser).',
        ),
    });
    const response = await receiver.handleDelivery(delivery);
    if (response.misuse !== undefined) throw response.misuse;
    ctx.status = response.status;
    for (const [name, value] of Object.entries(response.headers)) ctx.set(name, value);
    if (response.close === true) ctx.set('connection', 'close');
    ctx.body = response.body;
  };
}

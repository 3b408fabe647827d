/**
 * Fastify adapter: mount any {@link WebhookReceiver} as an encapsulated plugin, or as a route handler.
 *
 * @module
 */
import type { WebhookReceiver } from '../receiver/ports.js';
import { createNodeDelivery, type NodeRequestLike } from './internal/node-delivery.js';

export type { NodeRequestLike };

/**
 * The parts of a Fastify request the adapter reads (structural: no fastify import).
 *
 * @example
 * ```ts
 * import type { FastifyRequest } from 'fastify';
 * import type { FastifyRequestLike } from 'momotalk-bot-sdk/fastify';
 *
 * const fits = (request: FastifyRequest): FastifyRequestLike => request;
 * ```
 */
export interface FastifyRequestLike {
  /** Node's request: headers, and the body when no parser read it. */
  readonly raw: NodeRequestLike;
  /** The parsed body; a Buffer (from a `parseAs: 'buffer'` parser) is used as the raw bytes. */
  readonly body?: unknown;
  /** A raw copy kept by the `fastify-raw-body` plugin. */
  readonly rawBody?: unknown;
}

/**
 * The parts of a Fastify reply the adapter writes.
 *
 * @example
 * ```ts
 * import type { FastifyReply } from 'fastify';
 * import type { FastifyReplyLike } from 'momotalk-bot-sdk/fastify';
 *
 * const fits = (reply: FastifyReply): FastifyReplyLike => reply;
 * ```
 */
export interface FastifyReplyLike {
  /** Sets the status code. */
  code(statusCode: number): unknown;
  /** Sets one response header. */
  header(name: string, value: string): unknown;
  /** Sends the body. */
  send(payload: string): unknown;
}

/**
 * The parts of a Fastify instance the plugin uses.
 *
 * @example
 * ```ts
 * import Fastify from 'fastify';
 * import type { FastifyInstanceLike } from 'momotalk-bot-sdk/fastify';
 *
 * const fits: FastifyInstanceLike = Fastify();
 * ```
 */
export interface FastifyInstanceLike {
  /** Drops the inherited content-type parsers (in the plugin's own scope only). */
  removeAllContentTypeParsers(): void;
  /** Adds a content-type parser. */
  addContentTypeParser(
    contentType: string,
    parser: (request: object, payload: NodeRequestLike, done: (error: Error | null) => void) => void,
  ): void;
  /** Adds a route for every method. */
  all(
    path: string,
    handler: (request: FastifyRequestLike, reply: FastifyReplyLike) => Promise<unknown>,
  ): unknown;
}

/**
 * Options of {@link fastifyWebhook}.
 *
 * @example
 * ```ts
 * const options: FastifyWebhookOptions = { path: '/webhook' };
 * ```
 */
export interface FastifyWebhookOptions {
  /** The route path, under any `prefix` given to `register`. @default '/' */
  readonly path?: string | undefined;
}

/** Unparsed payload streams (after any `preParsing` hook), left by the plugin's content-type parser. */
const payloads = new WeakMap<object, NodeRequestLike>();

/**
 * A Fastify plugin that adds the webhook route (every method) in its own encapsulated scope, where it
 * replaces the content-type parsers with one that leaves the body unread: the receiver streams the raw
 * bytes under its own limit (413 without buffering), and the app's JSON parser elsewhere is untouched.
 *
 * @example
 * ```ts
 * import Fastify from 'fastify';
 * import { createWebhookHandler } from 'momotalk-bot-sdk';
 * import { fastifyWebhook } from 'momotalk-bot-sdk/fastify';
 *
 * const app = Fastify();
 * const handler = createWebhookHandler({ secret: process.env.MOMOTALK_WEBHOOK_SECRET! });
 * await app.register(fastifyWebhook(handler, { path: '/webhook' }));
 * await app.listen({ port: 3000 });
 * ```
 */
export function fastifyWebhook(
  receiver: WebhookReceiver,
  options: FastifyWebhookOptions = {},
): (instance: FastifyInstanceLike) => Promise<void> {
  const handler = fastifyWebhookHandler(receiver);
  return async (instance) => {
    instance.removeAllContentTypeParsers();
    instance.addContentTypeParser('*', (request, payload, done) => {
      payloads.set(request, payload);
      done(null);
    });
    instance.all(options.path ?? '/', handler);
  };
}

/**
 * A Fastify route handler for `receiver`, for routes you declare yourself. Fastify parses JSON bodies
 * before handlers run, so give the route raw bytes: use {@link fastifyWebhook}, or a scope with
 * `addContentTypeParser('application/json', { parseAs: 'buffer' }, (req, body, done) => done(null, body))`
 * (a Buffer `request.body` and `request.rawBody` from `fastify-raw-body` are used as is). A body that was
 * parsed into an object or a string makes it throw a `TypeError` naming the fix (Fastify answers 500).
 *
 * @throws {TypeError} (to Fastify) When the body was parsed and no raw bytes are left.
 *
 * @example
 * ```ts
 * import Fastify from 'fastify';
 * import { fastifyWebhookHandler } from 'momotalk-bot-sdk/fastify';
 *
 * const app = Fastify();
 * app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
 * app.post('/webhook', fastifyWebhookHandler(handler));
 * ```
 */
export function fastifyWebhookHandler(
  receiver: WebhookReceiver,
): (request: FastifyRequestLike, reply: FastifyReplyLike) => Promise<unknown> {
  return async (request, reply) => {
    const delivery = createNodeDelivery(request.raw, {
      stream: payloads.get(request),
      parsedBody: request.body,
      rawBody: request.rawBody,
      parserError: (found) =>
        new TypeError(
          `[momotalk-bot-sdk] fastifyWebhookHandler: ${found}, so the exact bytes that were signed are gone. ` +
            "Register the route with app.register(fastifyWebhook(handler, { path: '/webhook' })), or add a " +
            "content-type parser with parseAs: 'buffer' in the route's scope.",
        ),
    });
    const response = await receiver.handleDelivery(delivery);
    if (response.misuse !== undefined) throw response.misuse;
    reply.code(response.status);
    for (const [name, value] of Object.entries(response.headers)) reply.header(name, value);
    if (response.close === true) reply.header('connection', 'close');
    return reply.send(response.body);
  };
}

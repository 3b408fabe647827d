import { BodyTooLargeError } from '../../errors/body-too-large-error.js';
import { readWebStreamWithLimit } from '../../internal/read-with-limit.js';
import type { DeliveryResponse, IncomingDelivery, WebhookReceiver } from './delivery.js';

type WaitUntil = (promise: Promise<unknown>) => void;

/**
 * A Fetch-standard request handler: `(request, ...platformArgs) => Promise<Response>`. The platform
 * arguments are whatever the runtime passes after the request (Cloudflare Workers and Hono's `app.fetch`:
 * `env, ctx`); one with a `waitUntil` method is used to keep background work alive.
 *
 * @example
 * ```ts fragment
 * export default { fetch: handler }; // Cloudflare Workers, Bun, Deno
 * ```
 */
export type FetchHandler = (request: Request, ...platformArgs: unknown[]) => Promise<Response>;

/**
 * @internal The `waitUntil` of the first platform argument that has one (Workers' `ExecutionContext`,
 * Hono's `executionCtx`, Next.js' `event`), bound to its owner.
 */
export function findWaitUntil(platformArgs: readonly unknown[]): WaitUntil | undefined {
  for (const arg of platformArgs) {
    if ((typeof arg === 'object' || typeof arg === 'function') && arg !== null) {
      const waitUntil = (arg as { waitUntil?: unknown }).waitUntil;
      if (typeof waitUntil === 'function') return (promise) => waitUntil.call(arg, promise);
    }
  }
  return undefined;
}

/**
 * @internal A Fetch `Request` as the pipeline's {@link IncomingDelivery}. The body is streamed and
 * reading stops at the limit; a `Content-Length` already over it is refused before reading anything.
 */
export function deliveryFromRequest(request: Request, waitUntil: WaitUntil | undefined): IncomingDelivery {
  return {
    method: request.method,
    url: request.url,
    header: (name) => request.headers.get(name) ?? undefined,
    readBody: async (maxBytes) => {
      const declared = Number(request.headers.get('content-length') ?? Number.NaN);
      if (declared > maxBytes) throw new BodyTooLargeError(maxBytes);
      if (request.bodyUsed) throw bodyAlreadyRead();
      return readWebStreamWithLimit(request.body, maxBytes);
    },
    waitUntil,
  };
}

/** @internal The pipeline's answer as a Fetch `Response`. */
export function toResponse(response: DeliveryResponse): Response {
  return new Response(response.body, { status: response.status, headers: response.headers });
}

/**
 * @internal Mounts any {@link WebhookReceiver} as a {@link FetchHandler}. Never rejects: the receiver
 * answers every failure itself.
 */
export function toFetchHandler(receiver: WebhookReceiver): FetchHandler {
  return async (request, ...platformArgs) => {
    if (!isRequestLike(request)) throw notARequest(request);
    const delivery = deliveryFromRequest(request, findWaitUntil(platformArgs));
    return toResponse(await receiver.handleDelivery(delivery));
  };
}

function isRequestLike(value: unknown): value is Request {
  const candidate = value as { headers?: { get?: unknown }; method?: unknown } | null;
  return typeof candidate?.headers?.get === 'function' && typeof candidate.method === 'string';
}

/** A programmer error: Hono's `c` or `c.req` (or another framework's request) instead of a `Request`. */
function notARequest(value: unknown): TypeError {
  const raw = (value as { raw?: unknown; req?: { raw?: unknown } } | null | undefined) ?? undefined;
  const got = isRequestLike(raw?.raw)
    ? "Hono's c.req (a HonoRequest)"
    : isRequestLike(raw?.req?.raw)
      ? "Hono's context c"
      : value === null || typeof value !== 'object'
        ? String(value)
        : 'an object that is not a Fetch Request';
  return new TypeError(
    `[momotalk-bot-sdk] webhook handler: expected a Fetch Request, got ${got}. In Hono pass c.req.raw: ` +
      'app.post(path, (c) => handler(c.req.raw)). For Express, Fastify, Koa, node:http or Lambda, use the ' +
      'adapter of momotalk-bot-sdk/express, /fastify, /koa, /node or /aws-lambda.',
  );
}

function bodyAlreadyRead(): TypeError {
  return new TypeError(
    '[momotalk-bot-sdk] webhook handler: the request body was already read (request.bodyUsed), so the raw ' +
      'bytes the signature covers are gone. Pass the untouched Request: do not call request.json()/text() ' +
      'before the handler (in Hono, pass c.req.raw before any c.req.json()), or pass request.clone().',
  );
}

import { BodyTooLargeError, isBodyTooLargeError } from '../errors/body-too-large-error.js';
import { readWebStreamWithLimit } from '../internal/read-with-limit.js';
import { clientAborted } from '../receiver/client-aborted.js';
import type { DeliveryResponse, IncomingDelivery, WebhookReceiver } from '../receiver/ports.js';

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
 * A repeated header comes back joined with `", "` (Fetch `Headers`), which no credential check accepts.
 */
export function deliveryFromRequest(request: Request, waitUntil: WaitUntil | undefined): IncomingDelivery {
  return {
    method: request.method,
    url: request.url,
    header: (name) => request.headers.get(name) ?? undefined,
    readBody: async (maxBytes, signal) => {
      const declared = Number(request.headers.get('content-length') ?? Number.NaN);
      if (declared > maxBytes) throw new BodyTooLargeError(maxBytes);
      if (request.bodyUsed) throw bodyAlreadyRead();
      try {
        return await readWebStreamWithLimit(request.body, maxBytes, signal);
      } catch (error) {
        // The runtime aborts the request's signal when its client disconnects; the read error then is
        // runtime-specific ("terminated", AbortError), the signal is not.
        if (request.signal?.aborted === true && !isBodyTooLargeError(error)) throw clientAborted(error);
        throw error;
      }
    },
    waitUntil,
  };
}

/** @internal The pipeline's answer as a Fetch `Response`. */
export function toResponse(response: DeliveryResponse): Response {
  return new Response(response.body, { status: response.status, headers: response.headers });
}

/**
 * @internal Mounts any {@link WebhookReceiver} as a {@link FetchHandler}. Never rejects for a delivery:
 * the receiver answers every failure itself. Rejects with a `TypeError` only for a programmer error, a first
 * argument that is not a Fetch `Request` (Hono's `c` or `c.req`), so the framework logs the fix.
 */
export function toFetchHandler(receiver: WebhookReceiver): FetchHandler {
  return async (request, ...platformArgs) => {
    if (typeof request?.headers?.get !== 'function') throw notARequest(request);
    const delivery = deliveryFromRequest(request, findWaitUntil(platformArgs));
    return toResponse(await receiver.handleDelivery(delivery));
  };
}

/** A programmer error, most often Hono's `c` or `c.req` instead of `c.req.raw`. Never echoes the value. */
function notARequest(value: unknown): TypeError {
  return new TypeError(
    `[momotalk-bot-sdk] webhook handler: expected a Fetch Request, got ${value === null ? 'null' : typeof value}. ` +
      'In Hono pass c.req.raw (not c or c.req); in Express, Koa, Fastify… use the adapter.',
  );
}

function bodyAlreadyRead(): TypeError {
  return new TypeError(
    '[momotalk-bot-sdk] webhook handler: the request body was already read (request.bodyUsed), so the raw ' +
      'bytes the signature covers are gone. Pass the untouched Request: do not call request.json()/text() ' +
      'before the handler (in Hono, pass c.req.raw before any c.req.json()), or pass request.clone().',
  );
}

import { BodyTooLargeError } from '../../errors/body-too-large-error.js';
import { markMisuse } from '../../receiver/misuse.js';
import type { IncomingDelivery } from '../../receiver/ports.js';
import { readNodeStream } from './read-node-stream.js';

/**
 * The parts of a Node `IncomingMessage` the adapters use: structural, so a project without `@types/node`
 * compiles, and any `IncomingMessage` (or Express / Fastify / Koa request wrapping one) fits.
 *
 * @example
 * ```ts
 * import type { IncomingMessage } from 'node:http';
 * import type { NodeRequestLike } from 'momotalk-bot-sdk/node';
 *
 * const fits = (req: IncomingMessage): NodeRequestLike => req;
 * ```
 */
export interface NodeRequestLike {
  // One overload per event the adapters use, never a catch-all `(...args: never[])` listener: newer
  // @types/node (25+) types `IncomingMessage.on` with an event map and `any[]` arguments, and `any` does
  // not fit `never`, so such a catch-all made every real request a type error (TS2769).
  /** Adds a `data` listener: a chunk of the body. */
  on(event: 'data', listener: (chunk: Uint8Array | string) => void): unknown;
  /** Adds an `end` or `close` listener. */
  on(event: 'end' | 'close', listener: () => void): unknown;
  /** Adds an `error` listener. */
  on(event: 'error', listener: (error: Error) => void): unknown;
  /** Removes a `data` listener. */
  removeListener(event: 'data', listener: (chunk: Uint8Array | string) => void): unknown;
  /** Removes an `end` or `close` listener. */
  removeListener(event: 'end' | 'close', listener: () => void): unknown;
  /** Removes an `error` listener. */
  removeListener(event: 'error', listener: (error: Error) => void): unknown;
  /** Stops the flow of `data` events (at the size limit). */
  pause(): unknown;
  /** Starts the flow of `data` events, even if something paused the stream. */
  resume(): unknown;
  /** The request method (`"POST"`). */
  readonly method?: string | undefined;
  /** The path and query string. */
  readonly url?: string | undefined;
  /** Node's lower-case header map; repeated headers may be arrays. */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /**
   * Every value of every header (Node 18.3+): `headers` keeps only the first `Authorization` of several,
   * so the credential checks read this one to see (and refuse) a duplicate.
   */
  readonly headersDistinct?: Readonly<Record<string, string[] | undefined>> | undefined;
  /** True once anything read the stream (a body parser). */
  readonly readableDidRead?: boolean | undefined;
  /** True once the stream was read to its end. */
  readonly readableEnded?: boolean | undefined;
}

/** Where the raw bytes may already be, besides the unread stream. */
export interface NodeBodySources {
  /** The request URL as the user's app saw it first (Express `originalUrl`, Koa `originalUrl`). */
  readonly url?: string | undefined;
  /** What a body parser left in `req.body` (a Buffer from `express.raw()` is used as the raw bytes). */
  readonly parsedBody?: unknown;
  /** A raw body some setups keep beside the parsed one (`req.rawBody`, Koa `ctx.request.rawBody`). */
  readonly rawBody?: unknown;
  /** The stream to read when the body is still unread. @default the request itself */
  readonly stream?: NodeRequestLike | undefined;
  /** Builds the error that names the fix when a body parser consumed the body. */
  readonly parserError: (found: string) => TypeError;
}

/**
 * @internal The ports over a Node request, for the node:http, Express, Fastify and Koa adapters. What the
 * read finds out comes back in the pipeline's answer, not beside it: a body parser in the way rejects with a
 * marked misuse error (the answer's `misuse`), a body refused for its size leaves the answer's `close` set.
 */
export function createNodeDelivery(req: NodeRequestLike, sources: NodeBodySources): IncomingDelivery {
  return {
    method: (req.method ?? 'GET').toUpperCase(),
    url: sources.url ?? req.url ?? '/',
    header: (name) =>
      joinHeader(
        KEEPS_FIRST.has(name) ? (req.headersDistinct?.[name] ?? req.headers[name]) : req.headers[name],
      ),
    readBody: async (maxBytes, signal) => {
      const given = givenBytes(sources);
      if (given !== undefined) {
        if (given.byteLength > maxBytes) throw new BodyTooLargeError(maxBytes);
        return given;
      }
      const stream = sources.stream ?? req;
      if (stream.readableDidRead === true || stream.readableEnded === true) {
        throw markMisuse(sources.parserError(describe(sources.parsedBody)));
      }
      const declared = req.headers['content-length'];
      if (typeof declared === 'string' && /^\d+$/.test(declared) && Number(declared) > maxBytes) {
        throw new BodyTooLargeError(maxBytes);
      }
      return readNodeStream(stream, maxBytes, signal);
    },
  };
}

/**
 * The headers whose duplicates node:http drops from `req.headers` (it keeps the first); every other one it
 * joins with `", "`, as Fetch does. Only these are read from `headersDistinct`, which Node builds on first
 * access for every header of the request: a cost the common delivery does not need.
 */
const KEEPS_FIRST: ReadonlySet<string> = new Set([
  'age',
  'authorization',
  'content-length',
  'content-type',
  'etag',
  'expires',
  'from',
  'host',
  'if-modified-since',
  'if-unmodified-since',
  'last-modified',
  'location',
  'max-forwards',
  'proxy-authorization',
  'referer',
  'retry-after',
  'server',
  'user-agent',
]);

/** @internal A Node header value as the ports want it: repeated values joined with `", "`. */
export function joinHeader(value: string | readonly string[] | undefined): string | undefined {
  return typeof value === 'string' || value === undefined ? value : value.join(', ');
}

function givenBytes(sources: NodeBodySources): Uint8Array | undefined {
  const { rawBody, parsedBody } = sources;
  if (rawBody instanceof Uint8Array) return rawBody;
  if (typeof rawBody === 'string') return new TextEncoder().encode(rawBody);
  return parsedBody instanceof Uint8Array ? parsedBody : undefined;
}

function describe(parsedBody: unknown): string {
  if (parsedBody === undefined) return 'the body stream was already read and no raw copy was kept';
  const kind = typeof parsedBody === 'string' ? 'a string' : 'a parsed object';
  return `the body was already read by a body parser, which left ${kind} instead of the raw bytes`;
}

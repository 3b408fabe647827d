import type * as NodeHttp from 'node:http';
import type * as NodeHttps from 'node:https';
import { getBuiltin } from '../internal/get-builtin.js';
import { decode, streamOf } from './node-response-body.js';

type HttpModule = typeof NodeHttp;
type HttpsModule = typeof NodeHttps;

interface NodeModules {
  readonly http: HttpModule;
  readonly https: HttpsModule;
  readonly httpAgent: NodeHttp.Agent;
  readonly httpsAgent: NodeHttps.Agent;
}

/** Bodies with a known length up to this size are buffered before the `Response` is built. */
const BUFFERED_BODY_BYTES = 64 * 1024;
const NULL_BODY_STATUSES: ReadonlySet<number> = new Set([101, 103, 204, 205, 304]);

let modules: NodeModules | null | undefined;

function loadModules(): NodeModules | undefined {
  if (modules === undefined) {
    const http = getBuiltin('node:http') as HttpModule | undefined;
    const https = getBuiltin('node:https') as HttpsModule | undefined;
    modules =
      typeof http?.request === 'function' && typeof https?.request === 'function'
        ? {
            http,
            https,
            httpAgent: new http.Agent({ keepAlive: true }),
            httpsAgent: new https.Agent({ keepAlive: true }),
          }
        : null;
  }
  return modules ?? undefined;
}

/**
 * A lean `fetch` for Node built on node:http / node:https with keep-alive agents, returning a real
 * `Response`. `BotClient` hands it to ky as ky's `fetch` option (see `default-fetch.ts` for when), because
 * undici's `fetch` costs several times more per request than the message send itself on a fast network.
 * It takes the `Request` ky built as it is: URL, method, headers, body and signal.
 *
 * Behaviour: the request body is sent with a `Content-Length`; the `signal` aborts the request and the
 * body stream with `signal.reason`; network failures reject with `TypeError('fetch failed', { cause })`
 * like undici, so ky sees a network error and the cause carries the system error code. Redirects are
 * **never followed** (the 3xx is returned as is), so a bearer token never travels to another origin.
 * `gzip`, `deflate` and `br` bodies are decoded. Small bodies of known length are buffered; others stream.
 *
 * @returns `undefined` when node:http is not available (not Node, Bun or Deno with Node built-ins).
 *
 * @example
 * ```ts
 * const leanFetch = createNodeFetch();
 * const response = await leanFetch?.(new Request(url, { method: 'POST', headers, body }));
 * ```
 */
export function createNodeFetch(): typeof globalThis.fetch | undefined {
  const loaded = loadModules();
  if (loaded === undefined) return undefined;
  return async (input, init) => {
    const request = input instanceof Request && init === undefined ? input : new Request(input, init);
    const body = request.body === null ? undefined : new Uint8Array(await request.arrayBuffer());
    return send(loaded, request, body);
  };
}

function send(loaded: NodeModules, request: Request, body: Uint8Array | undefined): Promise<Response> {
  const { method, signal } = request;
  const url = new URL(request.url);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return Promise.reject(
      new TypeError('fetch failed', { cause: new Error(`unsupported protocol ${url.protocol}`) }),
    );
  }
  if (signal?.aborted) return Promise.reject(signal.reason);
  const outgoing: Record<string, string> = {};
  for (const [name, value] of request.headers) outgoing[name] = value;
  if (body !== undefined) outgoing['content-length'] = String(body.byteLength);
  const secure = url.protocol === 'https:';

  return new Promise<Response>((resolve, reject) => {
    let settled = false;
    const fail = (error: unknown): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      reject(error);
    };
    const succeed = (response: Response): void => {
      if (settled) return;
      settled = true;
      resolve(response);
    };
    const onAbort = (): void => {
      const reason = signal?.reason;
      fail(reason);
      req.destroy(reason instanceof Error ? reason : undefined);
    };
    const req = (secure ? loaded.https : loaded.http).request({
      hostname: url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname,
      port: url.port,
      path: `${url.pathname}${url.search}`,
      method,
      headers: outgoing,
      agent: secure ? loaded.httpsAgent : loaded.httpAgent,
    });
    req.on('error', (error) => fail(new TypeError('fetch failed', { cause: error })));
    req.on('response', (res) => {
      const status = res.statusCode ?? 0;
      const responseHeaders = new Headers();
      const raw = res.rawHeaders;
      for (let index = 0; index + 1 < raw.length; index += 2) {
        responseHeaders.append(raw[index] as string, raw[index + 1] as string);
      }
      const init: ResponseInit = { status, statusText: res.statusMessage ?? '', headers: responseHeaders };
      if (NULL_BODY_STATUSES.has(status) || method === 'HEAD') {
        res.resume();
        signal?.removeEventListener('abort', onAbort);
        succeed(new Response(null, init));
        return;
      }
      const source = decode(res, res.headers['content-encoding']);
      const length = Number(res.headers['content-length']);
      if (source === res && Number.isFinite(length) && length <= BUFFERED_BODY_BYTES) {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', (error) => fail(new TypeError('fetch failed', { cause: error })));
        res.on('close', () => {
          if (!res.complete) fail(new TypeError('fetch failed', { cause: new Error('terminated') }));
        });
        res.on('end', () => {
          signal?.removeEventListener('abort', onAbort);
          const bytes = chunks.length === 1 ? (chunks[0] as Uint8Array<ArrayBuffer>) : Buffer.concat(chunks);
          succeed(new Response(bytes, init));
        });
        return;
      }
      succeed(new Response(streamOf(source, signal, onAbort), init));
    });
    if (signal !== undefined) signal.addEventListener('abort', onAbort, { once: true });
    req.end(body);
  });
}

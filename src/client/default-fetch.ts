import { readEnv } from '../internal/read-env.js';
import { createNodeFetch } from './node-fetch.js';

/**
 * The global `fetch` as it was when this module was evaluated (when the SDK was imported). A `fetch`
 * replaced after that (msw, a test's stub, an instrumentation) is not this one, and is then used as is.
 */
const fetchAtImport: unknown = /* @__PURE__ */ currentGlobalFetch();

let leanFetch: typeof globalThis.fetch | null | undefined;
/** Proxy variables, read once on first use (as Node reads NODE_USE_ENV_PROXY once at startup). */
let proxied: boolean | undefined;

/**
 * The `fetch` under ky when the `fetch` option is not given, by `transport` (see `BotClientOptions`):
 * `'fetch'` the global `fetch`; `'node'` the lean Node transport (`node-fetch.ts`) where node:http
 * exists; omitted, the lean one while the runtime is Node, the global `fetch` is still the one found at
 * import, no proxy variable is set and undici's global dispatcher is the default one, else the global
 * `fetch`. A `fetch` replaced before import is indistinguishable from Node's own (no source-text
 * sniffing): the documentation says so and points to `transport: 'fetch'`.
 */
export function selectDefaultFetch(transport?: 'node' | 'fetch'): typeof globalThis.fetch {
  const current = globalThis.fetch;
  if (transport === 'fetch') return current;
  if (transport === undefined) {
    proxied ??= proxyConfigured();
    if (current !== fetchAtImport || proxied || !isNode() || !usesDefaultDispatcher()) return current;
  }
  leanFetch ??= createNodeFetch() ?? null;
  return leanFetch ?? current;
}

/** @internal Read the proxy variables again on the next request (tests that set them). */
export function forgetProxyVariables(): void {
  proxied = undefined;
}

function currentGlobalFetch(): unknown {
  return globalThis.fetch;
}

function isNode(): boolean {
  const versions = (globalThis as { process?: { versions?: Record<string, string | undefined> } }).process
    ?.versions;
  return (
    versions?.node !== undefined &&
    versions.bun === undefined &&
    (globalThis as { Deno?: unknown }).Deno === undefined
  );
}

const PROXY_VARIABLES = ['NODE_USE_ENV_PROXY', 'HTTP_PROXY', 'HTTPS_PROXY', 'http_proxy', 'https_proxy'];
const GLOBAL_DISPATCHER = Symbol.for('undici.globalDispatcher.1');

function proxyConfigured(): boolean {
  return PROXY_VARIABLES.some((name) => readEnv(name) !== undefined);
}

/** True when Node's fetch runs on undici's default global dispatcher (no ProxyAgent, MockAgent, …). */
function usesDefaultDispatcher(): boolean {
  const dispatcher = (globalThis as Record<symbol, unknown>)[GLOBAL_DISPATCHER];
  return (
    dispatcher === undefined ||
    (dispatcher as { constructor?: { name?: string } }).constructor?.name === 'Agent'
  );
}

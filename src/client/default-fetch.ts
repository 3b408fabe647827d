import { readEnv } from '../internal/read-env.js';
import { createNodeFetch } from './node-fetch.js';

/**
 * The transport `BotClient` uses when no `fetch` option is given: the lean Node transport when the
 * global `fetch` is Node's own with its default dispatcher and no proxy variables are set, else the
 * global `fetch` (Bun, Deno, browsers, edge runtimes, a mocked or patched `fetch`, a proxy).
 */
export function selectDefaultFetch(): typeof globalThis.fetch {
  const current = globalThis.fetch;
  if (current !== lastGlobalFetch) {
    lastGlobalFetch = current;
    // Proxy variables are read when the choice is made (first request, or a new global fetch), as
    // Node itself reads NODE_USE_ENV_PROXY once at startup.
    leanFetch = isNodeOwnFetch(current) && !proxyConfigured() ? createNodeFetch() : undefined;
  }
  return leanFetch !== undefined && usesDefaultDispatcher() ? leanFetch : current;
}

/** @internal Forget the transport choice (tests that change proxy variables). */
export function resetDefaultFetchChoice(): void {
  lastGlobalFetch = undefined;
  leanFetch = undefined;
}

let lastGlobalFetch: typeof globalThis.fetch | undefined;
let leanFetch: typeof globalThis.fetch | undefined;

function isNodeOwnFetch(candidate: unknown): boolean {
  if (typeof candidate !== 'function') return false;
  const processLike = (globalThis as { process?: { versions?: Record<string, string | undefined> } }).process;
  if (processLike?.versions?.node === undefined || processLike.versions.bun !== undefined) return false;
  if ((globalThis as { Deno?: unknown }).Deno !== undefined) return false;
  return Function.prototype.toString.call(candidate).includes('internal/deps/undici');
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

import type * as NodeCrypto from 'node:crypto';
import { getBuiltin } from './get-builtin.js';

type NodeCryptoModule = typeof NodeCrypto;

let cached: NodeCryptoModule | null | undefined;

/**
 * node:crypto when the runtime has it (Node, Bun, Deno, workerd with `nodejs_compat`), else undefined.
 *
 * Loaded through `process.getBuiltinModule` rather than a static import, so the same build runs on
 * runtimes without node:crypto (workerd without `nodejs_compat`, browsers) and edge bundles stay neutral.
 */
export function getNodeCrypto(): NodeCryptoModule | undefined {
  if (cached === undefined) {
    const loaded = getBuiltin('node:crypto');
    cached = isNodeCrypto(loaded) ? loaded : null;
  }
  return cached ?? undefined;
}

function isNodeCrypto(value: unknown): value is NodeCryptoModule {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Partial<NodeCryptoModule>).createHmac === 'function' &&
    typeof (value as Partial<NodeCryptoModule>).timingSafeEqual === 'function'
  );
}

/**
 * @internal A Node built-in module (`'node:crypto'`, `'node:http'`, …) through `process.getBuiltinModule`,
 * or `undefined` on a runtime without it or without that module. No static `node:` import, so code that
 * uses it still loads on edge runtimes and in browsers; callers check the shape of what they get.
 *
 * @example
 * ```ts fragment
 * const zlib = getBuiltin('node:zlib') as typeof import('node:zlib') | undefined;
 * ```
 */
export function getBuiltin(id: string): unknown {
  const processLike = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  try {
    return processLike?.getBuiltinModule?.(id);
  } catch {
    return undefined;
  }
}

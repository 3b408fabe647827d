/** A Node built-in module through `process.getBuiltinModule` (no static `node:` import), or undefined. */
export function getBuiltin(id: string): unknown {
  const processLike = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  try {
    return processLike?.getBuiltinModule?.(id);
  } catch {
    return undefined;
  }
}

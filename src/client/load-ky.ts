/** The ky module: the default export and its error guards. */
export type KyModule = typeof import('ky');

let loaded: KyModule | undefined;
let loading: Promise<KyModule> | undefined;

/**
 * ky, imported on first use and cached. Never imported statically: the root entry (webhook verification)
 * must not pay for loading ky or Node's fetch internals. esbuild/tsup keep `import()` as a real dynamic
 * import in both the ESM and the CJS build.
 */
export function loadKy(): KyModule | Promise<KyModule> {
  if (loaded !== undefined) return loaded;
  loading ??= import('ky').then(
    (module) => {
      loaded = module;
      return module;
    },
    (error: unknown) => {
      loading = undefined;
      throw error;
    },
  );
  return loading;
}

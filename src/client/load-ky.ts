import type { KyInstance } from 'ky';

let loaded: KyInstance | undefined;
let loading: Promise<KyInstance> | undefined;

/**
 * ky, imported on first use and cached. Never imported statically: the root entry (webhook verification)
 * must not pay for loading ky or Node's fetch internals. esbuild/tsup keep `import()` as a real dynamic
 * import in both the ESM and the CJS build.
 */
export function loadKy(): KyInstance | Promise<KyInstance> {
  if (loaded !== undefined) return loaded;
  loading ??= import('ky').then(
    (module) => {
      loaded = module.default;
      return loaded;
    },
    (error: unknown) => {
      loading = undefined;
      throw error;
    },
  );
  return loading;
}

// The SDK as users get it: the built files in dist/, reached through the package's own `exports` map
// (a package may import itself by name), never the TypeScript sources.

/**
 * Loads an entry of the built package, e.g. `sdkEntry('')` or `sdkEntry('node')`.
 * @param {string} subpath
 * @returns {Promise<Record<string, any>>}
 */
export async function sdkEntry(subpath = '') {
  return import(subpath === '' ? 'momotalk-bot-sdk' : `momotalk-bot-sdk/${subpath}`);
}

/**
 * A named export of the built package, or an Error explaining why it is not there (not written yet,
 * or not built: run `npx tsup`). Benchmarks show such a contestant as "not available" and any target
 * that depends on it as missed.
 * @param {string} subpath
 * @param {string} name
 */
export async function sdkExport(subpath, name) {
  let entry;
  try {
    entry = await sdkEntry(subpath);
  } catch (error) {
    return new Error(`momotalk-bot-sdk${subpath ? `/${subpath}` : ''} failed to load: ${error.message}`);
  }
  if (!(name in entry)) {
    return new Error(
      `momotalk-bot-sdk${subpath ? `/${subpath}` : ''} has no export ${name} (not built yet?)`,
    );
  }
  return entry[name];
}

// The SDK as users get it: the built files, reached through the package's own `exports` map, never the
// TypeScript sources. bench/run.mjs snapshots package.json + dist/ into .tmp/bench/package/ before the
// first suite (BENCH_SDK_DIR), so every suite of a run measures the same build even if dist/ is rebuilt
// meanwhile; without the snapshot (a suite run on its own) the package imports itself by name.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The directory holding the package.json + dist/ under test, or undefined for the working tree. */
export const sdkDir = process.env.BENCH_SDK_DIR || undefined;

/**
 * The `import` specifier of an entry: a file URL into the snapshot, or the package name.
 * @param {string} subpath '' for the root entry, e.g. 'node' for momotalk-bot-sdk/node
 */
export function sdkSpecifier(subpath = '') {
  if (sdkDir === undefined) return subpath === '' ? 'momotalk-bot-sdk' : `momotalk-bot-sdk/${subpath}`;
  const manifest = JSON.parse(readFileSync(join(sdkDir, 'package.json'), 'utf8'));
  const entry = manifest.exports[subpath === '' ? '.' : `./${subpath}`];
  const target = entry?.import?.default ?? entry?.import ?? entry?.default;
  if (typeof target !== 'string') throw new Error(`momotalk-bot-sdk has no entry ${subpath || '.'}`);
  return pathToFileURL(join(sdkDir, target)).href;
}

/**
 * Loads an entry of the built package, e.g. `sdkEntry('')` or `sdkEntry('node')`.
 * @param {string} subpath
 * @returns {Promise<Record<string, any>>}
 */
export async function sdkEntry(subpath = '') {
  return import(sdkSpecifier(subpath));
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

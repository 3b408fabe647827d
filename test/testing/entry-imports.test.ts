import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

/**
 * Follows the imports of the given kinds (static only by default) from an entry, and returns every bare
 * module id reached.
 */
async function bareImports(
  entry: string,
  kinds: readonly string[] = ['import-statement'],
): Promise<string[]> {
  return (await importGraph(entry, kinds)).bare;
}

/** The source files and the bare module ids reached from an entry through imports of the given kinds. */
async function importGraph(
  entry: string,
  kinds: readonly string[],
): Promise<{ files: string[]; bare: string[] }> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    metafile: true,
    format: 'esm',
    platform: 'neutral',
    packages: 'external',
    external: ['node:*'],
    logLevel: 'silent',
  });
  const inputs = result.metafile.inputs;
  const seen = new Set<string>();
  const bare = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const item of inputs[file]?.imports ?? []) {
      if (!kinds.includes(item.kind)) continue;
      if (item.external) bare.add(item.path);
      else visit(item.path);
    }
  };
  visit(entry);
  return { files: [...seen].sort(), bare: [...bare].sort() };
}

describe('test kit entry points', () => {
  it('momotalk-bot-sdk/testing imports no node:* (even lazily) and no msw: edge bundles, users without msw', async () => {
    const all = await bareImports('src/testing/index.ts', [
      'import-statement',
      'dynamic-import',
      'require-call',
    ]);
    expect(all.filter((id) => id.startsWith('node:') || id === 'msw')).toEqual([]);
    // The positive control: the emulator's server is reached, through the lazy import in startEmulator
    // only. (zod/mini is a static import: createTestBot sends through a real BotClient.)
    const server = 'src/emulator/emulator-server.ts';
    const lazy = await importGraph('src/testing/index.ts', ['import-statement', 'dynamic-import']);
    const staticOnly = await importGraph('src/testing/index.ts', ['import-statement']);
    expect(lazy.files).toContain(server);
    expect(staticOnly.files).not.toContain(server);
  });

  it('momotalk-bot-sdk/testing/msw imports msw and no node:* module', async () => {
    const imports = await bareImports('src/testing/msw/index.ts');
    expect(imports).toContain('msw');
    expect(imports.filter((id) => id.startsWith('node:'))).toEqual([]);
  });
});

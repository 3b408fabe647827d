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
  return [...bare].sort();
}

describe('test kit entry points', () => {
  it('momotalk-bot-sdk/testing imports no node:* (even lazily) and no msw: edge bundles, users without msw', async () => {
    const all = await bareImports('src/testing/index.ts', [
      'import-statement',
      'dynamic-import',
      'require-call',
    ]);
    expect(all.filter((id) => id.startsWith('node:') || id === 'msw')).toEqual([]);
    // The positive control: the emulator's code is reached (through the lazy import in startEmulator).
    const staticOnly = await bareImports('src/testing/index.ts');
    expect(all).toContain('zod/mini');
    expect(staticOnly).not.toContain('zod/mini');
  });

  it('momotalk-bot-sdk/testing/msw imports msw and no node:* module', async () => {
    const imports = await bareImports('src/testing/msw/index.ts');
    expect(imports).toContain('msw');
    expect(imports.filter((id) => id.startsWith('node:'))).toEqual([]);
  });
});

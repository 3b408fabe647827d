import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

/**
 * Follows static imports only (dynamic `import()` is where startEmulator loads the Node server), from an
 * entry, and returns every bare module id reached.
 */
async function staticBareImports(entry: string): Promise<string[]> {
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
      if (item.kind !== 'import-statement') continue;
      if (item.external) bare.add(item.path);
      else visit(item.path);
    }
  };
  visit(entry);
  return [...bare].sort();
}

describe('test kit entry points', () => {
  it('momotalk-bot-sdk/testing imports neither node:* nor msw statically (edge runtimes, users without msw)', async () => {
    const imports = await staticBareImports('src/testing/index.ts');
    expect(imports.filter((id) => id.startsWith('node:') || id === 'msw')).toEqual([]);
  });

  it('momotalk-bot-sdk/testing/msw imports msw and no node:* module', async () => {
    const imports = await staticBareImports('src/testing/msw/index.ts');
    expect(imports).toContain('msw');
    expect(imports.filter((id) => id.startsWith('node:'))).toEqual([]);
  });
});

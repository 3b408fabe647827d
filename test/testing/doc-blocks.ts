import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The package's entry points, mapped to their sources (the same table as tsup.config.ts). */
const ENTRY_SOURCES: Readonly<Record<string, string>> = {
  'momotalk-bot-sdk': 'src/index.ts',
  'momotalk-bot-sdk/node': 'src/adapters/node-http.ts',
  'momotalk-bot-sdk/express': 'src/adapters/express.ts',
  'momotalk-bot-sdk/redis': 'src/idempotency/redis-store.ts',
  'momotalk-bot-sdk/testing': 'src/testing/index.ts',
  'momotalk-bot-sdk/testing/msw': 'src/testing/msw/index.ts',
};

/** The TypeScript code blocks of a Markdown page, in order, without ```ts fragment``` blocks. */
export function docCodeBlocks(markdownPath: string): string[] {
  const text = readFileSync(markdownPath, 'utf8');
  return [...text.matchAll(/^```(?:ts|typescript)([^\n]*)\n([\s\S]*?)^```/gm)]
    .filter((match) => !/\bfragment\b/.test(match[1] ?? ''))
    .map((match) => match[2] ?? '');
}

/**
 * Writes a doc block, exactly as the page shows it but with the package's specifiers pointing at the
 * sources, to `.tmp/doc-tests/<name>.ts` (inside the repository, so `vitest`, `msw` and the rest resolve
 * from node_modules), and returns its absolute path for a dynamic `import()`.
 */
export function writeDocBlock(code: string, name: string): string {
  const rewritten = code.replace(/from '(momotalk-bot-sdk(?:\/[\w/-]+)?)'/g, (_whole, specifier: string) => {
    const source = ENTRY_SOURCES[specifier];
    if (source === undefined) throw new Error(`doc block ${name}: no source mapped for ${specifier}`);
    return `from '${resolve(source)}'`;
  });
  const dir = resolve('.tmp', 'doc-tests');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.ts`);
  writeFileSync(file, rewritten);
  return file;
}

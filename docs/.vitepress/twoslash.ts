import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CompilerOptions } from 'typescript';

/**
 * The compiler options every documentation code block is checked with (the guides through twoslash,
 * README.md and README.ko.md through the same twoslasher at the end of the build).
 *
 * `momotalk-bot-sdk` and its subpaths resolve to the SOURCES through `paths`, built from package.json
 * `exports` and tsup.config.ts: no build is needed first, and a page always shows the types of the code
 * next to it. The mapping is absolute, so it does not depend on the directory VitePress runs in.
 */
export function docCompilerOptions(root: string): CompilerOptions {
  const tsup = readFileSync(join(root, 'tsup.config.ts'), 'utf8');
  const entries = new Map(
    [...tsup.matchAll(/^\s+'?([\w-]+)'?: '(src\/[\w/.-]+\.ts)',$/gm)].map((m) => [m[1] ?? '', m[2] ?? '']),
  );
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    name: string;
    exports: Record<string, string | { import?: { default?: string } }>;
  };
  const paths: Record<string, string[]> = {};
  for (const [subpath, target] of Object.entries(pkg.exports)) {
    if (typeof target === 'string') continue; // ./package.json
    const built = /^\.\/dist\/([\w-]+)\.js$/.exec(target.import?.default ?? '')?.[1];
    const source = built === undefined ? undefined : entries.get(built);
    if (source === undefined) throw new Error(`docs: no source entry for the export "${subpath}"`);
    paths[subpath === '.' ? pkg.name : `${pkg.name}/${subpath.slice(2)}`] = [join(root, source)];
  }
  return {
    target: 99, // ESNext
    module: 199, // NodeNext
    moduleResolution: 99, // NodeNext
    lib: ['lib.es2023.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
    types: ['node'],
    strict: true,
    skipLibCheck: true,
    noUnusedLocals: false,
    paths,
  };
}

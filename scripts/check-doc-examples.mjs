#!/usr/bin/env node
// Type-checks every TypeScript code block in README.md, README.ko.md and docs/*.md against the BUILT
// package (dist/, resolved by name through the package's own exports), so documentation cannot rot.
//
// A block is checked as a standalone ES module. A fragment that cannot stand alone is marked
// ```ts fragment``` and is skipped (use sparingly; say why in the text around it).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const sources = ['README.md', 'README.ko.md', ...listMarkdown('docs')];
const outDir = join('.tmp', 'doc-examples');
rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });

const fence = /^```(ts|typescript|tsx)([^\n]*)\n([\s\S]*?)^```/gm;
const files = [];
let skipped = 0;
for (const source of sources) {
  if (!existsSync(source)) continue;
  const text = readFileSync(source, 'utf8');
  let index = 0;
  for (const match of text.matchAll(fence)) {
    index += 1;
    const info = match[2].trim();
    if (/\bfragment\b/.test(info)) {
      skipped += 1;
      continue;
    }
    const line = text.slice(0, match.index).split('\n').length;
    const name = `${source.replace(/[/.]/g, '_')}_${String(index).padStart(2, '0')}_L${line}.mts`;
    writeFileSync(join(outDir, name), `// ${source}:${line}\n${match[3]}\nexport {};\n`);
    files.push(name);
  }
}

writeFileSync(
  join(outDir, 'tsconfig.json'),
  JSON.stringify(
    {
      compilerOptions: {
        target: 'ES2023',
        lib: ['ES2023', 'DOM', 'DOM.Iterable'],
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        types: ['node'],
        typeRoots: ['../../node_modules/@types'],
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        noUnusedLocals: false,
      },
      include: ['*.mts'],
    },
    null,
    2,
  ),
);

if (files.length === 0) {
  console.log('no TypeScript code blocks found');
  process.exit(0);
}
try {
  execFileSync('tsc', ['-p', join(outDir, 'tsconfig.json')], { stdio: 'inherit' });
  console.log(
    `${files.length} code blocks type-check against the built package (${skipped} fragments skipped)`,
  );
} catch {
  console.error(
    `\nA documentation code block does not type-check. The file name says where: .tmp/doc-examples/<source>_<n>_L<line>.mts`,
  );
  process.exit(1);
}

function listMarkdown(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return path === join('docs', 'api') ? [] : listMarkdown(path);
    return entry.name.endsWith('.md') ? [path] : [];
  });
}

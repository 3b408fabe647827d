import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { posix } from 'node:path';
import { expect, test } from 'vitest';
import { entryFiles } from './support/consumer.js';

// What `npm publish` would upload (`npm pack --dry-run`, after the project's globalSetup built dist/): only
// what users need, everything package.json and the built files point at, source maps that resolve, and
// built code that imports only declared packages.
interface PackReport {
  filename: string;
  size: number;
  unpackedSize: number;
  files: { path: string }[];
}
interface Manifest {
  name: string;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as Manifest;
const [report] = JSON.parse(
  execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { encoding: 'utf8' }),
) as [PackReport];
const files = new Set(report.files.map((file) => file.path));
const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
console.log(
  `${report.filename}: ${kib(report.size)} packed, ${kib(report.unpackedSize)} unpacked, ${files.size} files`,
);

test('the tarball holds only dist/ code and types, package.json, README, CHANGELOG, LICENSE', () => {
  const allowed = [
    /^package\.json$/,
    /^README(\.[a-z-]+)?\.md$/i,
    /^CHANGELOG\.md$/,
    /^LICEN[CS]E(\.md)?$/,
    /^dist\/[\w.-]+\.(js|cjs|d\.ts|d\.cts)$/,
  ];
  const forbidden =
    /(^|\/)(test|tests|__tests__|fixtures?|coverage|src|bench|scripts|examples)\/|\.(test|spec)\.|\.tsbuildinfo$|\.map$/;
  expect([...files].filter((path) => forbidden.test(path) || !allowed.some((re) => re.test(path)))).toEqual(
    [],
  );
});

test('every file package.json names is in the tarball', () => {
  const referenced = entryFiles();
  expect(referenced.length).toBeGreaterThan(0);
  expect(referenced.filter((path) => !files.has(path))).toEqual([]);
});

test('relative imports and source maps resolve inside the tarball; runtime imports are declared dependencies', () => {
  const builtins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));
  const declared = new Set([
    ...Object.keys(pkg.dependencies ?? {}),
    ...Object.keys(pkg.peerDependencies ?? {}),
  ]);
  // A specifier starts like a path, a scope or a name: the string "from" in minified data (`"from","host"`)
  // is followed by a quote and a comma, not by one.
  const specifierPattern =
    /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|\bimport\s+)["']([.@\w][^"']*)["']|\/\/# sourceMappingURL=(\S+)/g;
  const problems: string[] = [];
  for (const path of files) {
    if (!path.startsWith('dist/')) continue;
    const raw = readFileSync(path, 'utf8');
    // Source map comments are kept; other comments (JSDoc examples import from 'express') are not code.
    const maps = raw.match(/\/\/# sourceMappingURL=\S+/g) ?? [];
    const code = raw.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
    for (const [, specifier = '', sourceMap] of `${code}\n${maps.join('\n')}`.matchAll(specifierPattern)) {
      if (sourceMap) {
        const target = posix.join(posix.dirname(path), sourceMap);
        if (!files.has(target))
          problems.push(`${path}: sourceMappingURL points at ${target}, not in the tarball`);
      } else if (specifier.startsWith('.')) {
        const target = posix.join(posix.dirname(path), specifier);
        const candidates = [target, target.replace(/\.js$/, '.d.ts'), target.replace(/\.cjs$/, '.d.cts')];
        if (!candidates.some((candidate) => files.has(candidate)))
          problems.push(`${path}: ${specifier} is not in the tarball`);
      } else {
        const name = specifier.startsWith('@')
          ? specifier.split('/').slice(0, 2).join('/')
          : (specifier.split('/')[0] ?? specifier);
        const known =
          builtins.has(specifier) || builtins.has(name) || name === pkg.name || declared.has(name);
        // Type declarations may import what the user brings along with the framework (express, koa…).
        if (!known && !/\.d\.c?ts$/.test(path))
          problems.push(`${path}: imports ${specifier}, which is not a dependency or peer dependency`);
      }
    }
  }
  expect(problems).toEqual([]);
});

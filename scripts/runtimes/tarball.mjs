#!/usr/bin/env node
import { readFileSync } from 'node:fs';
// What `npm publish` would upload: packs the package and checks that the tarball holds only what users
// need (built code, types, docs, licence), that everything package.json and the built files point at is
// inside it, that source maps (if any) resolve, and that the built code imports only declared packages.
// Reports the tarball's size.
import { builtinModules } from 'node:module';
import { join, posix } from 'node:path';
import { entryFiles, fail, finish, ok, pack, pkg, ROOT } from './lib.mjs';

const report = pack();
const files = new Set(report.files.map((file) => file.path));

// 1. Only what users need.
const allowed = [
  /^package\.json$/,
  /^README(\.[a-z-]+)?\.md$/i,
  /^CHANGELOG\.md$/,
  /^LICEN[CS]E(\.md)?$/,
  /^dist\/[\w.-]+\.(js|cjs|d\.ts|d\.cts)$/,
];
const forbidden =
  /(^|\/)(test|tests|__tests__|fixtures?|coverage|src|bench|scripts|examples)\/|\.(test|spec)\.|\.tsbuildinfo$|\.map$/;
const unexpected = [...files].filter((path) => forbidden.test(path) || !allowed.some((re) => re.test(path)));
if (unexpected.length > 0) fail('tarball holds files users do not need', unexpected.join('\n'));
else
  ok(
    `tarball holds only dist/ code and types, package.json, README, CHANGELOG, LICENSE (${files.size} files)`,
  );

// 2. Everything package.json points at is in the tarball.
const referenced = entryFiles();
const missing = referenced.filter((path) => !files.has(path));
if (missing.length > 0) fail('package.json points at files the tarball lacks', missing.join('\n'));
else ok(`every file package.json names (${referenced.length}) is in the tarball`);

// 3. Built files: relative imports resolve inside the tarball, source maps resolve, bare imports are
//    declared dependencies (or node: built-ins).
const builtins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));
const declared = new Set([
  ...Object.keys(pkg.dependencies ?? {}),
  ...Object.keys(pkg.peerDependencies ?? {}),
]);
const specifierPattern =
  /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|\bimport\s+)["']([^"']+)["']|\/\/# sourceMappingURL=(\S+)/g;
const problems = [];
const typeOnlyPackages = new Set();
for (const path of files) {
  if (!path.startsWith('dist/')) continue;
  const raw = readFileSync(join(ROOT, path), 'utf8');
  const isTypes = /\.d\.c?ts$/.test(path);
  // Source map comments are kept; other comments (JSDoc examples import from 'express') are not code.
  const maps = raw.match(/\/\/# sourceMappingURL=\S+/g) ?? [];
  const code = raw.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const text = `${code}\n${maps.join('\n')}`;
  for (const [, specifier, sourceMap] of text.matchAll(specifierPattern)) {
    if (sourceMap) {
      const target = posix.join(posix.dirname(path), sourceMap);
      if (!files.has(target))
        problems.push(`${path}: sourceMappingURL points at ${target}, not in the tarball`);
      continue;
    }
    if (specifier.startsWith('.')) {
      const target = posix.join(posix.dirname(path), specifier);
      const candidates = [target, target.replace(/\.js$/, '.d.ts'), target.replace(/\.cjs$/, '.d.cts')];
      if (!candidates.some((candidate) => files.has(candidate)))
        problems.push(`${path}: ${specifier} is not in the tarball`);
      continue;
    }
    const name = specifier.startsWith('@')
      ? specifier.split('/').slice(0, 2).join('/')
      : specifier.split('/')[0];
    if (builtins.has(specifier) || builtins.has(name) || name === pkg.name || declared.has(name)) continue;
    if (isTypes) typeOnlyPackages.add(`${name} (${path})`);
    else problems.push(`${path}: imports ${specifier}, which is not a dependency or peer dependency`);
  }
}
if (problems.length > 0) fail('built files reference things users will not have', problems.join('\n'));
else
  ok(
    'relative imports and source maps resolve inside the tarball; runtime imports are declared dependencies',
  );
if (typeOnlyPackages.size > 0) {
  console.log(
    `note type declarations import packages the user brings along with the framework:\n     ${[...typeOnlyPackages].join('\n     ')}`,
  );
}

// 4. "files" entries that match nothing (npm ignores them silently).
for (const entry of pkg.files ?? []) {
  if (![...files].some((path) => path === entry || path.startsWith(`${entry}/`))) {
    console.log(`note "files" lists ${entry}, which does not exist (yet)`);
  }
}

const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
console.log(
  `size ${report.filename}: ${kib(report.size)} packed, ${kib(report.unpackedSize)} unpacked, ${report.entryCount} files`,
);
finish('tarball');

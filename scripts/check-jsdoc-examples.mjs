#!/usr/bin/env node
// Fails when a public export has no `@example` in its JSDoc (CONTRIBUTING.md: "Every export has JSDoc with
// `@example`"). Public = every export of every entry point TypeDoc documents (typedoc.json `entryPoints`,
// the same files as `libraryEntries` in tsup.config.ts). Checked kinds: functions, classes, interfaces,
// type aliases, enums and exported variables (consts). Re-exports are followed to their declaration; for
// overloaded functions and merged declarations, one declaration with `@example` is enough.
//
// Usage: node scripts/check-jsdoc-examples.mjs   (exit 1 and a file:line list when anything is missing)
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import ts from 'typescript';

const root = process.cwd();
const { entryPoints } = JSON.parse(readFileSync('typedoc.json', 'utf8'));
const entries = entryPoints.map((file) => resolve(root, file));

const configPath = ts.findConfigFile(root, ts.sys.fileExists, 'tsconfig.json');
const config = ts.getParsedCommandLineOfConfigFile(
  configPath,
  {},
  { ...ts.sys, onUnRecoverableConfigFileDiagnostic() {} },
);
if (config === undefined) {
  console.error('check-jsdoc-examples: cannot read tsconfig.json');
  process.exit(1);
}
const program = ts.createProgram({ rootNames: entries, options: { ...config.options, noEmit: true } });
const checker = program.getTypeChecker();

const CHECKED = [
  [ts.SyntaxKind.FunctionDeclaration, 'function'],
  [ts.SyntaxKind.ClassDeclaration, 'class'],
  [ts.SyntaxKind.InterfaceDeclaration, 'interface'],
  [ts.SyntaxKind.TypeAliasDeclaration, 'type'],
  [ts.SyntaxKind.EnumDeclaration, 'enum'],
  [ts.SyntaxKind.VariableDeclaration, 'const'],
];
const kindOf = (node) => CHECKED.find(([kind]) => kind === node.kind)?.[1];

/** Offenders by declaration position, so a symbol exported from several entries is listed once. */
const offenders = new Map();
let checked = 0;

for (const entry of entries) {
  const source = program.getSourceFile(entry);
  const moduleSymbol = source === undefined ? undefined : checker.getSymbolAtLocation(source);
  if (moduleSymbol === undefined) {
    console.error(`check-jsdoc-examples: cannot load entry point ${relative(root, entry)}`);
    process.exit(1);
  }
  for (const exported of checker.getExportsOfModule(moduleSymbol)) {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const declarations = (symbol.declarations ?? []).filter((node) => kindOf(node) !== undefined);
    if (declarations.length === 0) continue;
    checked += 1;
    if (declarations.some(hasExample)) continue;
    const first = declarations[0];
    const file = first.getSourceFile();
    const { line } = file.getLineAndCharacterOfPosition(first.getStart(file));
    const where = `${relative(root, file.fileName)}:${line + 1}`;
    const names = offenders.get(where)?.names ?? new Set();
    names.add(exported.getName());
    offenders.set(where, { kind: kindOf(first), names, entry: relative(root, entry) });
  }
}

if (offenders.size > 0) {
  console.error(`${offenders.size} public export(s) without an @example in their JSDoc:\n`);
  const byPlace = ([a], [b]) => a.localeCompare(b, 'en', { numeric: true });
  for (const [where, { kind, names, entry }] of [...offenders].sort(byPlace)) {
    console.error(`  ${where}  ${kind} ${[...names].join(', ')}  (exported from ${entry})`);
  }
  console.error('\nAdd an @example with a short, realistic ```ts block to each (CONTRIBUTING.md).');
  process.exit(1);
}
console.log(`${checked} public exports of ${entries.length} entry points all have an @example`);

function hasExample(declaration) {
  return ts.getJSDocTags(declaration).some((tag) => tag.tagName.text === 'example');
}

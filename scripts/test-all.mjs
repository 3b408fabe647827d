#!/usr/bin/env node
// `npm test`: every check the project has, in order, stopping at the first failure.
// The last line is "N passed, N failed" (tests and checks), which CI reads.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

/** Each step is one command; a step fails when its command exits non-zero. */
const steps = [
  { name: 'typecheck', command: 'tsc --noEmit' },
  { name: 'lint', command: 'biome check .' },
  // Built before the tests: some tests load dist/ in fresh processes (import cost, ky never loaded).
  { name: 'build', command: 'tsup' },
  {
    name: 'unit and integration tests',
    command: 'vitest run --reporter=default --reporter=json --outputFile.json=.tmp/vitest.json',
  },
  { name: 'package: publint', command: 'publint --strict' },
  { name: 'package: arethetypeswrong', command: 'attw --pack .' },
  { name: 'package: import and require smoke test', command: 'node scripts/smoke-test.mjs' },
  // Issue 8: the packed tarball, installed into consumer projects under .tmp/runtimes (docs/runtimes.md).
  { name: 'package: tarball contents and size', command: 'node scripts/runtimes/tarball.mjs' },
  { name: 'runtimes: Node 22 and 24', command: 'node scripts/runtimes/node.mjs' },
  { name: 'runtimes: TypeScript consumers', command: 'node scripts/runtimes/types.mjs' },
  { name: 'runtimes: Bun, Deno, workerd', command: 'node scripts/runtimes/edge.mjs' },
  { name: 'runtimes: edge bundle sizes', command: 'node scripts/runtimes/bundle-size.mjs' },
  { name: 'docs: API reference builds with validation', command: 'typedoc' },
  { name: 'docs: every public export has an @example', command: 'node scripts/check-jsdoc-examples.mjs' },
  { name: 'docs: every TypeScript code block type-checks', command: 'node scripts/check-doc-examples.mjs' },
];

mkdirSync('.tmp', { recursive: true });
rmSync('.tmp/vitest.json', { force: true }); // a stale report from an earlier run must not be counted
const only = process.argv.slice(2);
let failed = 0;
let passedChecks = 0;
for (const step of steps) {
  if (only.length > 0 && !only.some((word) => step.name.includes(word))) continue;
  const started = performance.now();
  console.log(`\n▶ ${step.name}: ${step.command}`);
  const result = spawnSync(step.command, { shell: true, stdio: 'inherit', env: process.env });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (result.status === 0) {
    passedChecks += 1;
    console.log(`✔ ${step.name} (${seconds}s)`);
  } else {
    failed += 1;
    console.log(`✘ ${step.name} failed with exit code ${result.status} (${seconds}s)`);
    break;
  }
}

let tests = { passed: 0, failed: 0 };
if (existsSync('.tmp/vitest.json')) {
  const report = JSON.parse(readFileSync('.tmp/vitest.json', 'utf8'));
  tests = { passed: report.numPassedTests ?? 0, failed: report.numFailedTests ?? 0 };
}
console.log(
  `\nchecks: ${passedChecks} passed, ${failed} failed; vitest tests: ${tests.passed} passed, ${tests.failed} failed`,
);
console.log(`${tests.passed + passedChecks} passed, ${tests.failed + failed} failed`);
process.exit(failed > 0 || tests.failed > 0 ? 1 : 0);

#!/usr/bin/env node
// `npm test`: typecheck, lint and every vitest project but `long` (unit, integration, package, runtimes).
// Each runs whatever the others found, so a lint error never hides a test result. The last line is
// "N passed, N failed" (vitest tests plus typecheck and lint as one check each), which CI reads.
// Arguments go to vitest, e.g. `npm test -- --project package`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

const report = '.tmp/vitest.json';
mkdirSync('.tmp', { recursive: true });
rmSync(report, { force: true }); // a stale report from an earlier run must not be counted

const run = (command) => spawnSync(command, { shell: true, stdio: 'inherit' }).status === 0;
const checks = { typecheck: run('tsc --noEmit'), lint: run('biome check .') };
const args = process.argv.slice(2);
// The long project (npm run test:long) runs only when named.
if (!args.some((arg) => arg.startsWith('--project'))) args.push('--project=!long');
const vitestOk = run(
  `vitest run --reporter=default --reporter=json --outputFile.json=${report} ${args.join(' ')}`,
);

const { numPassedTests = 0, numFailedTests = 0 } = existsSync(report)
  ? JSON.parse(readFileSync(report, 'utf8'))
  : {};
// vitest can fail without a failed test (a file that does not load, a globalSetup error): count that too.
const vitestBroken = !vitestOk && numFailedTests === 0 ? 1 : 0;
const failedChecks = Object.entries(checks).filter(([, ok]) => !ok);
for (const [name] of failedChecks) console.log(`✘ ${name} failed (its output is above)`);
if (vitestBroken) console.log('✘ vitest failed outside any test (a file did not load or a setup failed)');
const passed = numPassedTests + Object.keys(checks).length - failedChecks.length;
const failed = numFailedTests + failedChecks.length + vitestBroken;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);

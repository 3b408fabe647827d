// Mutation testing (Stryker, stryker.config.json): the signature, event, handler and retry modules are
// mutated and the unit tests of support/vitest.stryker.config.mjs must kill the mutants. The report goes
// to reports/reliability/mutation.json, from which docs/reliability.md shows the score per file.
import { execFile } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { expect, test } from 'vitest';

const REPORT = 'reports/reliability/mutation.json';

test('stryker run completes and writes its report', async () => {
  const started = Date.now();
  const { code, output } = await new Promise<{ code: number; output: string }>((resolve) => {
    execFile(
      'node_modules/.bin/stryker',
      ['run'],
      { maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        resolve({
          code: error ? Number(error.code ?? 1) : 0,
          output: `${stdout}\n${stderr}`.split('\n').slice(-40).join('\n'),
        });
      },
    );
  });
  expect(code, output).toBe(0);
  expect(existsSync(REPORT) && statSync(REPORT).mtimeMs >= started, `${REPORT} was not written`).toBe(true);
});

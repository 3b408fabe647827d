import { expect, test } from 'vitest';
import { ROOT, run } from './support/consumer.js';

const runCommand = async (file: string, args: string[]) => {
  const { code, stdout, stderr } = await run(file, args, { cwd: ROOT, timeout: 600_000 });
  return { code, output: `${stdout}\n${stderr}`.trim() };
};

// The guides' and READMEs' code blocks are type-checked by twoslash when the site builds (`npm run docs`,
// test/docs/site.test.ts); TypeDoc also writes the API pages of that site.
test('the API reference builds with TypeDoc validation', async () => {
  const { code, output } = await runCommand('node_modules/.bin/typedoc', []);
  expect(code, output).toBe(0);
});

test('every public export has an @example (scripts/check-jsdoc-examples.mjs)', async () => {
  const { code, output } = await runCommand(process.execPath, ['scripts/check-jsdoc-examples.mjs']);
  expect(code, output).toBe(0);
});

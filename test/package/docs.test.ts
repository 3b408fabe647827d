import { expect, test } from 'vitest';
import { ROOT, run } from './support/consumer.js';

const runCommand = async (file: string, args: string[]) => {
  const { code, stdout, stderr } = await run(file, args, { cwd: ROOT, timeout: 600_000 });
  return { code, output: `${stdout}\n${stderr}`.trim() };
};

test('the API reference builds with TypeDoc validation', async () => {
  const { code, output } = await runCommand('node_modules/.bin/typedoc', []);
  expect(code, output).toBe(0);
});

test('every public export has an @example (scripts/check-jsdoc-examples.mjs)', async () => {
  const { code, output } = await runCommand(process.execPath, ['scripts/check-jsdoc-examples.mjs']);
  expect(code, output).toBe(0);
});

test('every TypeScript code block in the docs type-checks against dist/ (scripts/check-doc-examples.mjs)', async () => {
  const { code, output } = await runCommand(process.execPath, ['scripts/check-doc-examples.mjs']);
  expect(code, output).toBe(0);
});

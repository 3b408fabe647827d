import { expect, test } from 'vitest';
import { runCommand } from '../support/script-checks.js';

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

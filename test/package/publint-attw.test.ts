import { expect, test } from 'vitest';
import { ROOT, run } from './support/consumer.js';

const runCommand = async (file: string, args: string[]) => {
  const { code, stdout, stderr } = await run(file, args, { cwd: ROOT, timeout: 600_000 });
  return { code, output: `${stdout}\n${stderr}`.trim() };
};

// The package.json exports map and types as tools users rely on read them (dist/ built by globalSetup).
test('publint --strict finds nothing', async () => {
  const { code, output } = await runCommand('node_modules/.bin/publint', ['--strict']);
  expect(code, output).toBe(0);
});

test('arethetypeswrong: every entry resolves in every TypeScript module mode', async () => {
  const { code, output } = await runCommand('node_modules/.bin/attw', ['--pack', '.']);
  expect(code, output).toBe(0);
});

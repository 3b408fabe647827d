import { execFile } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import { exportSpecifiers } from './support/consumer.js';

// Every built entry point, loaded by name through the package's own exports map with `import` and with
// `require`, each in a fresh process: it must load, export something and print nothing to stderr (warnings
// included). dist/ is built by the project's globalSetup.
const specifiers = exportSpecifiers;

function load(
  mode: 'import' | 'require',
  specifier: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const code =
    mode === 'import'
      ? `const m = await import(${JSON.stringify(specifier)}); console.log(Object.keys(m).filter(k => k !== 'default' && k !== 'module.exports').length);`
      : `const m = require(${JSON.stringify(specifier)}); console.log(Object.keys(m).length);`;
  const inputType = mode === 'import' ? '--input-type=module' : '--input-type=commonjs';
  return new Promise((resolve) => {
    execFile(process.execPath, [inputType, '-e', code], { encoding: 'utf8' }, (error, stdout, stderr) => {
      resolve({ code: error ? 1 : 0, stdout, stderr });
    });
  });
}

describe('import and require of every built entry', () => {
  for (const specifier of specifiers) {
    for (const mode of ['import', 'require'] as const) {
      test(`${mode} ${specifier}`, async () => {
        const result = await load(mode, specifier);
        expect(result.code, result.stderr).toBe(0);
        expect(result.stderr.trim(), 'printed to stderr').toBe('');
        expect(Number(result.stdout.trim()), 'exports nothing').toBeGreaterThan(0);
      });
    }
  }
});

#!/usr/bin/env node
// Loads every built entry point with both `import` and `require` (through the package's own exports map,
// by name) and fails on an entry that exports nothing, a load error, or anything Node prints to stderr
// (warnings included).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const specifiers = Object.keys(pkg.exports)
  .filter((key) => key !== './package.json')
  .map((key) => (key === '.' ? pkg.name : `${pkg.name}/${key.slice(2)}`));

let failures = 0;
for (const specifier of specifiers) {
  for (const mode of ['import', 'require']) {
    const code =
      mode === 'import'
        ? `const m = await import(${JSON.stringify(specifier)}); console.log(Object.keys(m).filter(k => k !== 'default' && k !== 'module.exports').length);`
        : `const m = require(${JSON.stringify(specifier)}); console.log(Object.keys(m).length);`;
    const inputType = mode === 'import' ? '--input-type=module' : '--input-type=commonjs';
    const result = spawnSync(process.execPath, [inputType, '-e', code], { encoding: 'utf8' });
    const count = Number(result.stdout.trim());
    const problem =
      result.status !== 0
        ? result.stderr
        : result.stderr.trim() !== ''
          ? `printed to stderr: ${result.stderr}`
          : count > 0
            ? undefined
            : 'exports nothing';
    if (problem === undefined) {
      console.log(`ok   ${mode.padEnd(7)} ${specifier} (${count} exports)`);
    } else {
      failures += 1;
      const excerpt = problem.trim().split('\n').slice(0, 6).join('\n     ');
      console.log(`FAIL ${mode.padEnd(7)} ${specifier}: ${excerpt}`);
    }
  }
}
if (failures > 0) {
  console.error(`${failures} entry point load(s) failed`);
  process.exit(1);
}

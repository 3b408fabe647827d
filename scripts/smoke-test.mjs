#!/usr/bin/env node
// Loads every built entry point with both `import` and `require` (through the package's own exports map,
// by name) and fails on an empty entry or a warning printed by Node.
import { execFileSync } from 'node:child_process';
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
    try {
      const out = execFileSync(
        process.execPath,
        [mode === 'import' ? '--input-type=module' : '--input-type=commonjs', '-e', code],
        {
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      const count = Number(out.trim());
      if (!(count > 0)) throw new Error(`exports nothing`);
      console.log(`ok   ${mode.padEnd(7)} ${specifier} (${count} exports)`);
    } catch (error) {
      failures += 1;
      console.log(
        `FAIL ${mode.padEnd(7)} ${specifier}: ${String(error.stderr || error.message)
          .trim()
          .split('\n')
          .slice(0, 6)
          .join('\n     ')}`,
      );
    }
  }
}
if (failures > 0) {
  console.error(`${failures} entry point load(s) failed`);
  process.exit(1);
}

// Cold import: a fresh Node process per measurement imports one specifier and reports the time the
// import took (in-process, so process start-up is excluded). Rounds interleave the specifiers.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sdkDir, sdkSpecifier } from '../lib/sdk.mjs';
import { rotate } from '../lib/stats.mjs';

const probe = fileURLToPath(new URL('../lib/import-probe.mjs', import.meta.url));
const packageJson = JSON.parse(
  readFileSync(
    sdkDir ? join(sdkDir, 'package.json') : new URL('../../package.json', import.meta.url),
    'utf8',
  ),
);

const REFERENCES = [
  {
    id: 'zod',
    label: 'zod',
    specifier: 'zod',
    role: 'baseline',
    note: 'the reference for the root-entry target',
  },
  { id: 'zod-mini', label: 'zod/mini', specifier: 'zod/mini', role: 'baseline' },
  { id: 'ky', label: 'ky', specifier: 'ky', role: 'baseline' },
  { id: 'octokit', label: '@octokit/webhooks', specifier: '@octokit/webhooks', role: 'peer' },
  { id: 'line', label: '@line/bot-sdk', specifier: '@line/bot-sdk', role: 'peer' },
  { id: 'stripe', label: 'stripe', specifier: 'stripe', role: 'peer' },
  { id: 'standardwebhooks', label: 'standardwebhooks', specifier: 'standardwebhooks', role: 'peer' },
];

function sdkEntries() {
  return Object.keys(packageJson.exports)
    .filter((key) => key !== './package.json')
    .map((key) => {
      const subpath = key === '.' ? '' : key.slice(2);
      const label = subpath === '' ? packageJson.name : `${packageJson.name}/${subpath}`;
      let specifier;
      try {
        specifier = sdkSpecifier(subpath);
      } catch (error) {
        return {
          id: subpath === '' ? 'sdk-root' : `sdk-${subpath}`,
          label,
          role: 'sdk',
          error: error.message,
        };
      }
      return { id: subpath === '' ? 'sdk-root' : `sdk-${subpath}`, label, specifier, role: 'sdk' };
    });
}

function importOnce(specifier) {
  const output = execFileSync(process.execPath, [probe, specifier], { encoding: 'utf8', stdio: 'pipe' });
  return JSON.parse(output);
}

/** @param {{ quick: boolean }} options */
export async function run({ quick }) {
  const rounds = quick ? 3 : 15;
  const rows = [...sdkEntries(), ...REFERENCES];
  for (const row of rows) {
    if (row.error) continue;
    try {
      importOnce(row.specifier);
      row.samples = [];
      row.cpu = [];
    } catch (error) {
      row.error = `import failed: ${String(error.stderr ?? error.message)
        .trim()
        .split('\n')
        .slice(0, 3)
        .join(' ')}`;
    }
  }
  const live = rows.filter((row) => !row.error);
  for (let round = 0; round < rounds; round++) {
    for (const row of rotate(live, round)) {
      if (row.error) continue;
      try {
        const { ms, cpuMs } = importOnce(row.specifier);
        row.samples.push(ms);
        row.cpu.push(cpuMs);
      } catch (error) {
        row.error = `import failed in round ${round + 1}: ${
          String(error.stderr ?? error.message)
            .trim()
            .split('\n')[0]
        }`;
      }
    }
  }
  for (const row of rows) {
    if (row.error) {
      delete row.samples;
      delete row.cpu;
    }
  }
  return {
    id: 'cold-import',
    title: 'Cold import',
    unit: 'ms',
    higherIsBetter: false,
    method:
      `A fresh \`node\` process per measurement runs \`await import(specifier)\` and reports the time it took ` +
      `(performance.now() in-process, so process start-up is excluded); ${rounds} interleaved rounds; the SDK's ` +
      'entries are the built files in dist/, resolved through the package exports map. Main-thread CPU ms ' +
      '(process.threadCpuUsage) is shown alongside: it barely moves when other processes compete for the cores.',
    groups: [
      {
        id: 'entries',
        title: 'Import time, fresh process',
        floor: 'zod',
        primary: 'sdk-root',
        cpuLabel: 'main-thread CPU ms',
        rows,
      },
    ],
  };
}

// docs/reliability.md from the JSON results in reports/reliability/ (hostile-input, outbound-faults,
// redelivery, timing, soak, mutation), through the template renderer the benchmarks page uses. The `long`
// project's globalSetup: the page is written when the run ends, whatever failed. Alone:
// `node test/long/support/write-reliability-doc.mjs`. A missing result is shown as "not run yet".
import { existsSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderDoc } from '../../../scripts/render-doc.mjs';

const root = new URL('../../../', import.meta.url);

/** The long run's result (reports/reliability/), else the quick one's (reports/reliability/quick/). */
function read(name) {
  for (const dir of ['reports/reliability/', 'reports/reliability/quick/']) {
    const file = new URL(`${dir}${name}.json`, root);
    if (existsSync(file)) return { ...JSON.parse(readFileSync(file, 'utf8')), mtime: statSync(file).mtime };
  }
  return undefined;
}

/** Stryker's report as a score per file: killed and timed-out mutants over every valid one. */
function mutationScores(report) {
  if (!report) return undefined;
  const percent = (killed, valid) => ((100 * killed) / Math.max(1, valid)).toFixed(1);
  const files = Object.entries(report.files).map(([file, data]) => {
    const count = (...statuses) => data.mutants.filter((mutant) => statuses.includes(mutant.status)).length;
    const row = {
      file,
      killed: count('Killed'),
      timeout: count('Timeout'),
      survived: count('Survived'),
      noCoverage: count('NoCoverage'),
      ignored: count('Ignored', 'CompileError', 'RuntimeError'),
    };
    const valid = row.killed + row.timeout + row.survived + row.noCoverage;
    return { ...row, valid, score: percent(row.killed + row.timeout, valid) };
  });
  const killed = files.reduce((sum, file) => sum + file.killed + file.timeout, 0);
  const valid = files.reduce((sum, file) => sum + file.valid, 0);
  return { date: report.mtime.toISOString(), files, killed, valid, score: percent(killed, valid) };
}

export function writeReliabilityDoc() {
  const hostile = read('hostile-input');
  renderDoc(
    'reliability',
    {
      // A run stopped before its end (time limit) writes counts only: shown as not run.
      hostile: hostile?.requests === undefined ? undefined : hostile,
      faults: read('outbound-faults'),
      redelivery: read('redelivery'),
      timing: read('timing'),
      soak: read('soak'),
      mutation: mutationScores(read('mutation')),
    },
    new URL('docs/reliability.md', root),
  );
  console.log('docs/reliability.md written');
}

/** Vitest globalSetup: nothing before the run; the page after it. */
export default function setup() {
  return writeReliabilityDoc;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) writeReliabilityDoc();

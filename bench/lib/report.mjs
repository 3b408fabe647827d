// Writes docs/benchmarks.md from an analysed run.
import { median } from './stats.mjs';
import { describeLimit } from './targets.mjs';

const number = (value, digits = 3) => {
  if (!Number.isFinite(value)) return '–';
  if (Math.abs(value) >= 1000) return Math.round(value).toLocaleString('en');
  return Number(value.toPrecision(digits)).toString();
};
const ratio = (summary) =>
  summary && Number.isFinite(summary.median)
    ? `${summary.median.toFixed(2)}× (${summary.min.toFixed(2)}–${summary.max.toFixed(2)})`
    : '–';
const percent = (value) => (Number.isFinite(value) ? `±${((value / 2) * 100).toFixed(0)}%` : '–');

/** "busy: server 97%, generator 45% of a core": shows which process limited a loopback benchmark. */
function busyNote(row) {
  if (!row.busy || row.error) return undefined;
  const parts = Object.entries(row.busy)
    .filter(([, values]) => values.length > 0)
    .map(([name, values]) => `${name} ${Math.round(median(values) * 100)}%`);
  return parts.length > 0 ? `busy (of one core): ${parts.join(', ')}` : undefined;
}

function rowNotes(row) {
  return [row.note, busyNote(row), row.error ? `**not measured: ${row.error}**` : undefined]
    .filter(Boolean)
    .join('; ');
}

function throughputTable(suite, group) {
  const floor = group.rows.find((row) => row.id === group.floor);
  const primary = group.rows.find((row) => row.id === group.primary);
  const lower = suite.higherIsBetter === false;
  const cpu = group.cpuLabel ? ` ${group.cpuLabel} (× floor) |` : '';
  const lines = [
    `| contestant | median ${suite.unit} | spread (min–max) | × ${floor ? floor.label : 'floor'} | ${primary ? `${primary.label} ÷ this` : ''} |${cpu} notes |`,
    `| --- | ---: | --- | ---: | ---: |${cpu ? ' ---: |' : ''} --- |`,
  ];
  for (const row of group.rows) {
    const name = row.role === 'sdk' ? `**${row.label}**` : row.label;
    const role = row.role === 'floor' ? ' (floor)' : row.role === 'baseline' ? ' (baseline)' : '';
    if (!row.summary) {
      lines.push(`| ${name}${role} | – | – | – | – |${cpu ? ' – |' : ''} ${rowNotes(row)} |`);
      continue;
    }
    const s = row.summary;
    let cpuCell = '';
    if (cpu) {
      cpuCell = row.cpuSummary
        ? ` ${number(row.cpuSummary.median)}${row.cpuVsFloor ? ` (${row.cpuVsFloor.median.toFixed(2)}×)` : ''} |`
        : ' – |';
    }
    lines.push(
      `| ${name}${role} | ${number(s.median)} | ${number(s.min)}–${number(s.max)} (${percent(s.spread)}) | ` +
        `${row === floor ? '1' : ratio(row.vsFloor)} | ${row === primary ? '' : ratio(row.sdkRatio)} |${cpuCell} ${rowNotes(row)} |`,
    );
  }
  if (lower) lines.push('', `Lower is better: a ratio below 1 means smaller or faster than the reference.`);
  return lines.join('\n');
}

function bundleTable(group) {
  const primary = group.rows.find((row) => row.id === group.primary);
  const lines = [
    `| app | gzip KB | minified KB | ${primary ? `${primary.label} ÷ this` : ''} | zod inside | ky inside | Node built-ins left external | largest parts (minified KB) | notes |`,
    '| --- | ---: | ---: | ---: | --- | --- | --- | --- | --- |',
  ];
  for (const row of group.rows) {
    const name = row.role === 'sdk' ? `**${row.label}**` : row.label;
    if (!row.metrics) {
      lines.push(`| ${name} | – | – | – | – | – | – | – | ${rowNotes(row)} |`);
      continue;
    }
    const m = row.metrics;
    lines.push(
      `| ${name} | ${m.gzipKB.toFixed(1)} | ${m.minifiedKB.toFixed(1)} | ${row === primary ? '' : ratio(row.sdkRatio).replace(/ \(.*\)/, '')} | ` +
        `${m.containsZod ? 'yes' : 'no'} | ${m.containsKy ? 'yes' : 'no'} | ${m.builtins.length ? m.builtins.join(', ') : 'none'} | ${(m.largest ?? []).join(', ')} | ${rowNotes(row)} |`,
    );
  }
  return lines.join('\n');
}

function memoryTable(group) {
  const row = group.rows[0];
  if (!row?.checkpoints) return `Not measured: ${row?.error ?? 'no result'}`;
  const lines = [
    '| deliveries | heapUsed after GC (MiB) | external (MiB) | RSS (MiB) |',
    '| ---: | ---: | ---: | ---: |',
  ];
  for (const point of row.checkpoints) {
    lines.push(
      `| ${point.deliveries.toLocaleString('en')} | ${point.heapUsedMiB.toFixed(2)} | ` +
        `${point.externalMiB?.toFixed(2) ?? '–'} | ${point.rssMiB.toFixed(1)} |`,
    );
  }
  const m = row.metrics;
  lines.push(
    '',
    `Growth from the first checkpoint to the last: ${m.growthMiB.toFixed(2)} MiB; over the second half: ` +
      `${m.secondHalfGrowthMiB.toFixed(2)} MiB.`,
  );
  return lines.join('\n');
}

function targetsTable(checks) {
  const lines = ['| target | issue | required | measured | result |', '| --- | --- | --- | ---: | --- |'];
  for (const check of checks) {
    const unit = check.unit ?? (check.ratioTo ? '×' : '');
    const actual =
      typeof check.actual === 'number'
        ? `${check.actual.toFixed(2)}${unit === '×' ? '×' : unit ? ` ${unit}` : ''}`
        : check.actual === undefined
          ? '–'
          : String(check.actual);
    const result =
      check.status === 'met'
        ? 'met'
        : check.status === 'skipped'
          ? 'not run'
          : `**MISSED**${check.reason ? `: ${check.reason}` : ''}`;
    lines.push(
      `| ${check.description} | ${check.issue === undefined ? '' : `#${check.issue}`} | ${describeLimit(check)} | ${actual} | ${result} |`,
    );
  }
  return lines.join('\n');
}

/** The whole Markdown document. */
export function renderMarkdown({ suites, checks, environment, failures }) {
  const out = [
    '# Benchmarks',
    '',
    '<!-- Generated by `npm run bench` (bench/run.mjs). Do not edit by hand: re-run the benchmark. -->',
    '',
    `Measured ${environment.date} on ${environment.cpu} (${environment.cores} cores), ${environment.memory}, ` +
      `${environment.os}; Node ${environment.node}; ${environment.mode}. Load average at start: ${environment.load}.`,
    '',
    'Every contestant of a benchmark runs in the same run, in interleaved rounds (A B C, B C A, …), so a ' +
      'busy machine slows all of them alike. Figures are medians across rounds; the spread is min–max across ' +
      'rounds (± half the range, relative to the median); ratios are the median of round-by-round ratios. ' +
      'The SDK is measured as built (`dist/`), through its package exports. Targets live in ' +
      '[`bench/targets.json`](../bench/targets.json); the run exits non-zero when one is missed.',
    '',
    '## Targets',
    '',
    targetsTable(checks),
    '',
  ];
  if (failures.length > 0) {
    out.push(
      'Suites that failed to run:',
      '',
      ...failures.map((failure) => `- ${failure.suite}: ${failure.error}`),
      '',
    );
  }
  for (const suite of suites) {
    out.push(`## ${suite.title}`, '', suite.method, '');
    for (const group of suite.groups) {
      if (suite.groups.length > 1 || suite.id === 'bundle-size') out.push(`### ${group.title}`, '');
      if (suite.id === 'bundle-size') out.push(bundleTable(group), '');
      else if (suite.id === 'memory') out.push(memoryTable(group), '');
      else out.push(throughputTable(suite, group), '');
    }
  }
  out.push(
    '## Versions',
    '',
    Object.entries(environment.versions)
      .map(([name, version]) => `\`${name}\` ${version}`)
      .join(', '),
    '',
    'Reproduce with `npm run bench` (about 5 minutes; `npm run bench -- --quick` for a smoke run, ' +
      '`--only=verify,outbound` to pick suites). See [`bench/README.md`](../bench/README.md).',
    '',
  );
  return out.join('\n');
}

#!/usr/bin/env node
// `npm run bench`: every benchmark, side by side with its peers and its floor, against the built package.
// Writes docs/benchmarks.md (full run of every suite) or .tmp/bench/benchmarks.md (--quick or --only),
// and exits non-zero when a target of bench/targets.json is missed or a suite fails.
//
//   npm run bench                      full run (about 5 minutes), publishes to docs/
//   npm run bench -- --quick           smoke run (about a minute), writes .tmp/bench/
//   npm run bench -- --only=verify,outbound
//   npm run bench -- --no-build        do not rebuild a stale dist/
//   npm run bench -- --docs            publish to docs/ even for a quick or partial run
import { execSync, fork } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderDoc } from '../scripts/render-doc.mjs';
import { analyseSuite } from './lib/analyse.mjs';
import { median } from './lib/stats.mjs';
import { checkTargets, describeLimit } from './lib/targets.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const SUITES = [
  'verify',
  'construct',
  'dispatch',
  'outbound',
  'ingest',
  'inbox',
  'memory',
  'cold-import',
  'bundle-size',
  'session',
];
/** A suite that takes longer is killed and reported as failed (memory drives 200,000 requests). */
const suiteTimeoutMs = (name) => (name === 'memory' ? 10 : 6) * 60_000;

const args = process.argv.slice(2);
const flag = (name) => args.includes(`--${name}`);
const quick = flag('quick');
const onlyArg = args.find((arg) => arg.startsWith('--only='));
const selected = onlyArg ? onlyArg.slice('--only='.length).split(',').filter(Boolean) : SUITES;
for (const name of selected) {
  if (!SUITES.includes(name)) {
    console.error(`unknown suite "${name}"; suites: ${SUITES.join(', ')}`);
    process.exit(2);
  }
}
const publish = flag('docs') || (!quick && !onlyArg);

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Benchmarks measure what users get: dist/. Build it when missing or older than src/. */
function ensureBuilt() {
  const built = join(root, 'dist/index.js');
  const stale = !existsSync(built) || statSync(built).mtimeMs < newestMtime(join(root, 'src'));
  if (!stale) return;
  if (existsSync(built) && flag('no-build')) {
    console.warn('dist/ is older than src/; measuring it anyway (--no-build).');
    return;
  }
  console.log(
    existsSync(built) ? 'dist/ is older than src/: rebuilding (npx tsup)…' : 'Building dist/ (npx tsup)…',
  );
  execSync('npx tsup', { cwd: root, stdio: 'inherit' });
}

/**
 * Copies package.json + dist/ to .tmp/bench/package/ and points every suite at it (BENCH_SDK_DIR): the
 * whole run measures one build, even if dist/ is rebuilt while it runs.
 */
function snapshotBuild() {
  const snapshot = join(root, '.tmp/bench/package');
  rmSync(snapshot, { recursive: true, force: true });
  mkdirSync(snapshot, { recursive: true });
  cpSync(join(root, 'dist'), join(snapshot, 'dist'), { recursive: true });
  cpSync(join(root, 'package.json'), join(snapshot, 'package.json'));
  if (!existsSync(join(snapshot, 'dist/index.js'))) throw new Error('dist/index.js is missing: run npx tsup');
  process.env.BENCH_SDK_DIR = snapshot;
}

function runSuite(name) {
  return new Promise((resolve) => {
    const child = fork(join(root, 'bench/lib/suite-runner.mjs'), [name, JSON.stringify({ quick })], {
      cwd: root,
      // measureInterleaved collects garbage between contestants (lib/rounds.mjs).
      execArgv: ['--expose-gc'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let outcome = { error: 'the suite exited without a result' };
    const timer = setTimeout(() => {
      outcome = { error: `timed out after ${suiteTimeoutMs(name) / 1000} s` };
      child.kill('SIGKILL');
    }, suiteTimeoutMs(name));
    child.on('message', (message) => {
      outcome = message;
    });
    child.on('exit', () => {
      clearTimeout(timer);
      resolve(outcome);
    });
  });
}

function environment() {
  const versionOf = (name) => {
    try {
      return JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')).version;
    } catch {
      return 'not installed';
    }
  };
  const own = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const peers = [
    'zod',
    'ky',
    '@line/bot-sdk',
    '@octokit/webhooks',
    '@octokit/webhooks-methods',
    'stripe',
    'standardwebhooks',
    '@slack/web-api',
    'undici',
    'express',
    'grammy',
    'telegraf',
    'autocannon',
    'esbuild',
  ];
  return {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    node: process.version,
    cpu: os.cpus()[0]?.model.trim() ?? 'unknown CPU',
    cores: os.availableParallelism(),
    memory: `${Math.round(os.totalmem() / 1024 ** 3)} GiB RAM`,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    load: os
      .loadavg()
      .map((value) => value.toFixed(2))
      .join(' '),
    mode: quick ? 'quick run (--quick: few short rounds, indicative only)' : 'full run',
    versions: {
      [own.name]: own.version,
      ...Object.fromEntries(peers.map((name) => [name, versionOf(name)])),
    },
  };
}

const started = performance.now();
ensureBuilt();
snapshotBuild();
const env = environment();
console.log(`Node ${env.node} on ${env.cpu} × ${env.cores}; load ${env.load}; ${env.mode}`);

const suites = [];
const failures = [];
for (const name of selected) {
  const suiteStarted = performance.now();
  console.log(`\n▶ ${name}`);
  const outcome = await runSuite(name);
  const seconds = ((performance.now() - suiteStarted) / 1000).toFixed(1);
  if (outcome.result) {
    suites.push(analyseSuite(outcome.result));
    console.log(`✔ ${name} (${seconds} s)`);
    for (const group of outcome.result.groups) {
      for (const row of group.rows) {
        const figure = row.summary
          ? `${Math.round(row.summary.median * 100) / 100} ${outcome.result.unit}` +
            (row.vsFloor ? `  ${row.vsFloor.median.toFixed(2)}× floor` : '') +
            (row.cpuSummary ? `  [${group.cpuLabel} ${row.cpuSummary.median.toFixed(1)}]` : '')
          : `not measured: ${row.error}`;
        console.log(`   ${group.id.padEnd(10)} ${row.label.padEnd(62)} ${figure}`);
      }
    }
  } else {
    failures.push({ suite: name, error: outcome.error });
    console.log(`✘ ${name} failed (${seconds} s): ${outcome.error}`);
  }
}

const { targets } = JSON.parse(readFileSync(join(root, 'bench/targets.json'), 'utf8'));
const checks = checkTargets(targets, suites, new Set(selected));

const outDir = publish ? join(root, 'docs') : join(root, '.tmp/bench');
mkdirSync(outDir, { recursive: true });
mkdirSync(join(root, '.tmp/bench'), { recursive: true });
writeFileSync(
  join(root, '.tmp/bench/latest.json'),
  `${JSON.stringify({ environment: env, suites, checks, failures }, null, 2)}\n`,
);
renderDoc(
  'benchmarks',
  {
    suites,
    checks: checks.map((check) => ({ ...check, limit: describeLimit(check) })),
    environment: env,
    failures,
    median,
  },
  join(outDir, 'benchmarks.md'),
);

console.log('\nTargets (bench/targets.json):');
for (const check of checks) {
  const unit = check.unit ?? (check.ratioTo ? '×' : '');
  const actual =
    typeof check.actual === 'number'
      ? `${check.actual.toFixed(2)}${unit === '×' ? '×' : ` ${unit}`}`
      : String(check.actual ?? '–');
  const mark = check.status === 'met' ? '✔' : check.status === 'skipped' ? '·' : '✘';
  console.log(
    `  ${mark} ${check.id.padEnd(22)} ${describeLimit(check).padEnd(10)} measured ${actual}` +
      (check.reason ? `  (${check.reason})` : ''),
  );
}
const missed = checks.filter((check) => check.status === 'missed');
const report = relative(root, join(outDir, 'benchmarks.md'));
console.log(`\nReport: ${report}; raw: .tmp/bench/latest.json`);
console.log(`Total ${((performance.now() - started) / 1000).toFixed(0)} s.`);
if (missed.length > 0 || failures.length > 0) {
  console.error(`\n${missed.length} target(s) missed, ${failures.length} suite(s) failed.`);
  process.exit(1);
}

#!/usr/bin/env node
// `npm run test:long`: the long reliability suite, bounded in time. Each step writes its JSON to
// reports/reliability/ (gitignored); the last step regenerates docs/reliability.md from them.
//
//   node scripts/reliability/run-long.mjs [--scale 10] [--soak-seconds 150] [--skip mutation,soak,…]
//
// Steps: build → hostile input, outbound faults and redelivery at RELIABILITY_SCALE → timing (dudect) →
// soak → mutation testing (Stryker) → docs/reliability.md. A failing step is reported and the rest still
// run; the exit code is non-zero if any failed.
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: process.env.RELIABILITY_SCALE ?? '10' },
    'soak-seconds': { type: 'string', default: process.env.SOAK_SECONDS ?? '150' },
    skip: { type: 'string', default: '' },
  },
});
const skip = new Set(values.skip.split(',').filter(Boolean));
const minutes = (n) => n * 60_000;

const steps = [
  { name: 'build', command: 'tsup', timeout: minutes(5) },
  {
    name: 'reliability',
    command: 'vitest run test/reliability --reporter=default',
    env: { RELIABILITY_SCALE: values.scale },
    timeout: minutes(30),
  },
  {
    name: 'inbox-crash',
    command: 'vitest run --project integration test/inbox/bullmq-crash.test.ts --reporter=default',
    env: { RELIABILITY_SCALE: values.scale },
    timeout: minutes(15),
  },
  {
    name: 'timing',
    command: 'node scripts/reliability/timing-leak.mjs --out reports/reliability/timing.json',
    timeout: minutes(10),
  },
  {
    name: 'soak',
    command: `node scripts/reliability/soak.mjs --seconds ${values['soak-seconds']} --out reports/reliability/soak.json`,
    timeout: minutes(10),
  },
  { name: 'mutation', command: 'stryker run', timeout: minutes(60) },
  { name: 'docs', command: 'node scripts/reliability/write-doc.mjs', timeout: minutes(1) },
];

let failed = 0;
for (const step of steps) {
  if (skip.has(step.name)) {
    console.log(`\n- ${step.name}: skipped (--skip)`);
    continue;
  }
  const started = performance.now();
  console.log(`\n▶ ${step.name}: ${step.command}`);
  const result = spawnSync(step.command, {
    shell: true,
    stdio: 'inherit',
    env: { ...process.env, ...step.env },
    timeout: step.timeout,
    killSignal: 'SIGTERM',
  });
  const seconds = ((performance.now() - started) / 1000).toFixed(0);
  if (result.status === 0) console.log(`✔ ${step.name} (${seconds}s)`);
  else {
    failed += 1;
    const why = result.error?.code === 'ETIMEDOUT' ? 'timed out' : `exit code ${result.status}`;
    console.log(`✘ ${step.name}: ${why} (${seconds}s)`);
  }
}
console.log(`\nlong suite: ${steps.length - skip.size - failed} steps passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);

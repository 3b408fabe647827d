#!/usr/bin/env node
// Does verifyWebhook's time depend on how many leading bytes of a forged signature are right?
//
// Method (dudect, Reparaz et al. 2017): two classes of forged signatures for one fixed body and secret,
// class A matching 0 leading bytes of the true signature and class B matching 31 of 32 bytes. Batches of
// calls are timed with a monotonic clock, the class of each batch chosen at random so drift and noise from
// other processes fall on both classes alike; the top 5% of batches are cropped (interrupts, GC). Welch's
// t-test then compares the means: |t| < 4.5 is the dudect threshold for "no leak detected".
// Then a positive control: a naive early-exit comparison measured the same way must show a leak, which
// proves the method can see one.
//
// Usage: node scripts/reliability/timing-leak.mjs [--batches 4000] [--per-batch 200] [--json] [--out file]
// (--out writes the JSON result to a file too: npm run test:long puts it in reports/reliability/timing.json.)
// Needs dist/ (npm run build). Noisy on a busy machine: it is in the long suite only, never in npm test.
import { createHmac } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { verifyWebhook } from '../../dist/index.js';
import { environment } from './environment.mjs';

const { values } = parseArgs({
  options: {
    batches: { type: 'string', default: '4000' },
    'per-batch': { type: 'string', default: '200' },
    json: { type: 'boolean', default: false },
    out: { type: 'string' },
  },
});
const batches = Number(values.batches);
const perBatch = Number(values['per-batch']);

const secret = 'timing-test-secret';
const body = JSON.stringify({ event_type: 'talk.message_created', padding: 'x'.repeat(1000) });
const truth = createHmac('sha256', secret).update(body).digest('hex');
// A pool of forged signatures per class: the true signature's first `keep` bytes, then random bytes
// (never equal to the true byte at the first differing position). Both classes share the same character
// distribution, so only the length of the matching prefix differs.
const forge = (hex, keep) => {
  let out = hex.slice(0, keep * 2);
  for (let i = keep; i < 32; i++) {
    const real = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
    let byte = Math.floor(Math.random() * 256);
    if (i === keep && byte === real) byte = (byte + 1) % 256;
    out += byte.toString(16).padStart(2, '0');
  }
  return out;
};
const pool = (hex, keep) => Array.from({ length: 64 }, () => forge(hex, keep));
const classes = { A: pool(truth, 0), B: pool(truth, 31) };

function naiveEquals(a, b) {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return a.length === b.length;
}
const naiveVerify = (raw, signature) =>
  naiveEquals(createHmac('sha256', secret).update(raw).digest('hex'), signature);
// For the control, a body so short the comparison is a visible share of the time.
const controlBody = 'x';
const controlTruth = createHmac('sha256', secret).update(controlBody).digest('hex');
const controlClasses = { A: pool(controlTruth, 0), B: pool(controlTruth, 31) };

function measure(verify, rawBody, sigs) {
  const samples = { A: [], B: [] };
  for (let i = 0; i < 200; i++) verify(rawBody, sigs.A[i % 64], secret); // warm-up
  for (let b = 0; b < batches; b++) {
    const cls = Math.random() < 0.5 ? 'A' : 'B';
    const signature = sigs[cls][b % 64];
    const start = process.hrtime.bigint();
    for (let i = 0; i < perBatch; i++) verify(rawBody, signature, secret);
    samples[cls].push(Number(process.hrtime.bigint() - start) / perBatch);
  }
  return welch(crop(samples.A), crop(samples.B));
}

function crop(values, keep = 0.95) {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted.slice(0, Math.floor(sorted.length * keep));
}

function welch(a, b) {
  const mean = (x) => x.reduce((s, v) => s + v, 0) / x.length;
  const variance = (x, m) => x.reduce((s, v) => s + (v - m) ** 2, 0) / (x.length - 1);
  const ma = mean(a);
  const mb = mean(b);
  const t = (ma - mb) / Math.sqrt(variance(a, ma) / a.length + variance(b, mb) / b.length);
  return { t, meanNsA: ma, meanNsB: mb, samplesA: a.length, samplesB: b.length };
}

const sdk = measure((raw, sig, key) => verifyWebhook(raw, sig, key), body, classes);
const control = measure((raw, sig) => naiveVerify(raw, sig), controlBody, controlClasses);
const result = {
  environment: environment(),
  method: 'dudect-style Welch t-test, random class per batch, 5% crop',
  batches,
  perBatch,
  threshold: 4.5,
  verifyWebhook: sdk,
  naiveControl: control,
  leakDetected: Math.abs(sdk.t) >= 4.5,
  controlDetectsLeak: Math.abs(control.t) >= 4.5,
};
if (values.out) {
  mkdirSync(dirname(values.out), { recursive: true });
  writeFileSync(values.out, `${JSON.stringify(result, null, 2)}\n`);
}
if (values.json) console.log(JSON.stringify(result, null, 2));
else {
  const f = (r) =>
    `t = ${r.t.toFixed(2)} (mean ${r.meanNsA.toFixed(0)} ns vs ${r.meanNsB.toFixed(0)} ns, n = ${r.samplesA}/${r.samplesB})`;
  console.log(`verifyWebhook, 0 vs 31 matching leading bytes: ${f(sdk)}`);
  console.log(`naive early-exit compare (positive control):  ${f(control)}`);
}
if (result.leakDetected) {
  console.error(`timing leak suspected: |t| = ${Math.abs(sdk.t).toFixed(2)} ≥ 4.5`);
  process.exit(1);
}
if (!result.controlDetectsLeak)
  console.warn('warning: the positive control did not show a leak; the measurement may be too noisy');

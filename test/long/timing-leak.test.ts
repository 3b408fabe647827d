// Does verifyWebhook's time depend on how many leading bytes of a forged signature are right?
//
// Method (dudect, Reparaz et al. 2017): two classes of forged signatures for one fixed body and secret,
// class A matching 0 leading bytes of the true signature and class B matching 31 of 32 bytes. Batches of
// calls are timed with a monotonic clock, the class of each batch chosen at random so drift and noise from
// other processes fall on both classes alike; the top 5% of batches are cropped (interrupts, GC). Welch's
// t-test then compares the means: |t| < 4.5 is the dudect threshold for "no leak detected". A positive
// control, a naive early-exit comparison measured the same way, must show a leak: it proves the method
// can see one. Noisy on a busy machine: in the long project only (npm run test:long), never in npm test.
import { createHmac } from 'node:crypto';
import { expect, test } from 'vitest';
import type * as Sdk from '../../src/index.js';
import { writeReport } from '../reliability/support/report.js';

const BATCHES = Number(process.env.TIMING_BATCHES ?? 4000);
const PER_BATCH = Number(process.env.TIMING_PER_BATCH ?? 200);
const THRESHOLD = 4.5;
const secret = 'timing-test-secret';
type Verify = (body: string, signature: string) => boolean;
interface Welch {
  t: number;
  meanNsA: number;
  meanNsB: number;
  samplesA: number;
  samplesB: number;
}

/** 64 forged signatures: the true one's first `keep` bytes, then random bytes (never the true next one). */
function pool(hex: string, keep: number): string[] {
  return Array.from({ length: 64 }, () => {
    let out = hex.slice(0, keep * 2);
    for (let i = keep; i < 32; i++) {
      const real = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
      let byte = Math.floor(Math.random() * 256);
      if (i === keep && byte === real) byte = (byte + 1) % 256;
      out += byte.toString(16).padStart(2, '0');
    }
    return out;
  });
}

const crop = (values: number[]) =>
  [...values].sort((x, y) => x - y).slice(0, Math.floor(values.length * 0.95));
const mean = (x: number[]) => x.reduce((s, v) => s + v, 0) / x.length;
const variance = (x: number[], m: number) => x.reduce((s, v) => s + (v - m) ** 2, 0) / (x.length - 1);

function welch(a: number[], b: number[]): Welch {
  const [ma, mb] = [mean(a), mean(b)];
  const t = (ma - mb) / Math.sqrt(variance(a, ma) / a.length + variance(b, mb) / b.length);
  return { t, meanNsA: ma, meanNsB: mb, samplesA: a.length, samplesB: b.length };
}

function measure(verify: Verify, body: string): Welch {
  const truth = createHmac('sha256', secret).update(body).digest('hex');
  const classes = { A: pool(truth, 0), B: pool(truth, 31) };
  const samples: Record<'A' | 'B', number[]> = { A: [], B: [] };
  for (let i = 0; i < 200; i++) verify(body, classes.A[i % 64] as string); // warm-up
  for (let b = 0; b < BATCHES; b++) {
    const cls = Math.random() < 0.5 ? 'A' : 'B';
    const signature = classes[cls][b % 64] as string;
    const start = process.hrtime.bigint();
    for (let i = 0; i < PER_BATCH; i++) verify(body, signature);
    samples[cls].push(Number(process.hrtime.bigint() - start) / PER_BATCH);
  }
  return welch(crop(samples.A), crop(samples.B));
}

function naiveEquals(a: string, b: string): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return a.length === b.length;
}

test('verifyWebhook shows no timing difference between 0 and 31 matching leading bytes', async () => {
  // The built package (dist/, built by the project's globalSetup), as users run it.
  const { verifyWebhook } = (await import(
    new URL('../../dist/index.js', import.meta.url).href
  )) as typeof Sdk;
  const body = JSON.stringify({ event_type: 'talk.message_created', padding: 'x'.repeat(1000) });
  const sdk = measure((raw, signature) => verifyWebhook(raw, signature, secret), body);
  // The control uses a 1-byte body, so the comparison is a visible share of the time.
  const naive: Verify = (raw, signature) =>
    naiveEquals(createHmac('sha256', secret).update(raw).digest('hex'), signature);
  const control = measure(naive, 'x');
  const result = {
    method: 'dudect-style Welch t-test, random class per batch, 5% crop',
    batches: BATCHES,
    perBatch: PER_BATCH,
    threshold: THRESHOLD,
    verifyWebhook: sdk,
    naiveControl: control,
    leakDetected: Math.abs(sdk.t) >= THRESHOLD,
    controlDetectsLeak: Math.abs(control.t) >= THRESHOLD,
  };
  writeReport('timing', result);
  if (!result.controlDetectsLeak) console.warn('the positive control showed no leak: the run was too noisy');
  expect(Math.abs(sdk.t), `|t| of verifyWebhook (${sdk.meanNsA} vs ${sdk.meanNsB} ns)`).toBeLessThan(
    THRESHOLD,
  );
});

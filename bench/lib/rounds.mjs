// In-process throughput measurement in interleaved rounds: A B C, B C A, C A B, …
// Each contestant runs for a fixed time slice per round; a round's figure is operations per second.
import { rotate } from './stats.mjs';

/**
 * @typedef {object} Contestant
 * @property {string} id
 * @property {(i: number) => unknown} fn  One operation; must return a truthy value (checked once).
 * @property {boolean} [async]  `fn` returns a promise (awaited one at a time).
 */

let sink = 0;

/** Runs `fn` `count` times and returns how many results were truthy (keeps the work observable). */
async function runBatch(contestant, count, offset) {
  let truthy = 0;
  if (contestant.async) {
    for (let i = 0; i < count; i++) if (await contestant.fn(offset + i)) truthy++;
  } else {
    for (let i = 0; i < count; i++) if (contestant.fn(offset + i)) truthy++;
  }
  return truthy;
}

/** Operations per second for one contestant over one time slice. */
async function runSlice(contestant, sliceMs, batch) {
  let ops = 0;
  const started = performance.now();
  let elapsed = 0;
  do {
    const truthy = await runBatch(contestant, batch, ops);
    if (truthy !== batch) throw new Error(`${contestant.id}: an operation returned a falsy result`);
    sink += truthy;
    ops += batch;
    elapsed = performance.now() - started;
  } while (elapsed < sliceMs);
  return (ops / elapsed) * 1000;
}

/** A batch size that takes about 2 ms, so the clock is read rarely relative to the work. */
async function calibrate(contestant) {
  let batch = 1;
  for (;;) {
    const started = performance.now();
    await runBatch(contestant, batch, 0);
    const elapsed = performance.now() - started;
    if (elapsed >= 2 || batch >= 1 << 20)
      return Math.max(1, Math.round((batch * 2) / Math.max(elapsed, 0.001)));
    batch *= 2;
  }
}

/**
 * Measures every contestant in `rounds` interleaved rounds (after `warmupRounds` unrecorded ones).
 * @param {Contestant[]} contestants
 * @param {{ rounds: number, sliceMs: number, warmupRounds?: number }} options
 * @returns {Promise<Map<string, number[]>>} ops/s per round, by contestant id
 */
export async function measureInterleaved(contestants, { rounds, sliceMs, warmupRounds = 1 }) {
  for (const contestant of contestants) {
    if (!(await contestant.fn(0)))
      throw new Error(`${contestant.id}: the first operation returned a falsy result`);
  }
  const batches = new Map();
  for (const contestant of contestants) batches.set(contestant.id, await calibrate(contestant));
  /** @type {Map<string, number[]>} */
  const samples = new Map(contestants.map((contestant) => [contestant.id, []]));
  for (let round = 0; round < warmupRounds + rounds; round++) {
    for (const contestant of rotate(contestants, round)) {
      const opsPerSecond = await runSlice(contestant, sliceMs, batches.get(contestant.id));
      if (round >= warmupRounds) samples.get(contestant.id)?.push(opsPerSecond);
    }
  }
  if (sink < 0) console.log(sink);
  return samples;
}

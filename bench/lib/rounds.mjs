// In-process throughput measurement in interleaved rounds: A B C, B C A, C A B, …
// Each contestant runs for a fixed slice of CPU time per round; a round's figure is operations per
// CPU-second of this process (process.cpuUsage: user + system, all threads, so Web Crypto work done on
// the libuv thread pool counts too). Time the process spends descheduled on a busy machine does not
// count; on an idle machine this equals wall-clock throughput for single-threaded work.
import { rotate } from './stats.mjs';

/** CPU time of this process in milliseconds. */
function cpuMs() {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

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

/** Operations per CPU-second for one contestant over one slice of CPU time. */
async function runSlice(contestant, sliceMs, batch) {
  let ops = 0;
  const started = cpuMs();
  let elapsed = 0;
  do {
    const truthy = await runBatch(contestant, batch, ops);
    if (truthy !== batch) throw new Error(`${contestant.id}: an operation returned a falsy result`);
    sink += truthy;
    ops += batch;
    elapsed = cpuMs() - started;
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

// In-process throughput in interleaved rounds: A B C, B C A, C A B, … Each round, tinybench runs every
// contestant for a slice of CPU time (its `time` budget on a CPU clock: process.cpuUsage, user + system, all
// threads, so Web Crypto work on the libuv pool counts too); a round's figure is operations per CPU-second.
// Time the process spends descheduled on a busy machine does not count; on an idle machine this equals
// wall-clock throughput for single-threaded work. One tinybench iteration is a batch of about 2 ms of
// operations, so the clock (a system call) is read rarely relative to the work.
import { Bench } from 'tinybench';
import { rotate } from './stats.mjs';

/** CPU time of this process in milliseconds. */
function cpuMs() {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

/**
 * @typedef {object} Contestant
 * @property {string} id
 * @property {(i: number) => unknown} fn  One operation; must return a truthy value (checked on every call).
 * @property {boolean} [async]  `fn` returns a promise (awaited one at a time).
 */

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

/** A batch size that takes about 2 ms. */
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
 * @returns {Promise<Map<string, number[]>>} ops per CPU-second per round, by contestant id
 */
export async function measureInterleaved(contestants, { rounds, sliceMs, warmupRounds = 1 }) {
  const bench = new Bench({ now: cpuMs, time: sliceMs, iterations: 1, warmup: false, throws: true });
  /** @type {Map<string, number>} */
  const batches = new Map();
  for (const contestant of contestants) {
    if (!(await contestant.fn(0)))
      throw new Error(`${contestant.id}: the first operation returned a falsy result`);
    const batch = await calibrate(contestant);
    batches.set(contestant.id, batch);
    let offset = 0;
    bench.add(contestant.id, async () => {
      const truthy = await runBatch(contestant, batch, offset);
      offset += batch;
      if (truthy !== batch) throw new Error(`${contestant.id}: an operation returned a falsy result`);
    });
  }
  /** @type {Map<string, number[]>} */
  const samples = new Map(contestants.map((contestant) => [contestant.id, []]));
  for (let round = 0; round < warmupRounds + rounds; round++) {
    for (const contestant of rotate(contestants, round)) {
      const task = bench.getTask(contestant.id);
      task.reset();
      // Start each slice on a collected heap: a contestant that leaves garbage (the one before it in every
      // rotation) would otherwise have its collection billed to the next one's CPU time.
      globalThis.gc?.();
      await task.run();
      // `period`: mean CPU ms per batch over this slice.
      const opsPerSecond = (batches.get(contestant.id) * 1000) / task.result.period;
      if (round >= warmupRounds) samples.get(contestant.id)?.push(opsPerSecond);
    }
  }
  return samples;
}

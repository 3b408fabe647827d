// Results of the reliability runs go to reports/reliability/<name>.json (gitignored) when scaled up
// (RELIABILITY_SCALE > 1, npm run test:long), else to reports/reliability/quick/ so an ordinary `npm test`
// never overwrites the long figures. test/long/support/write-reliability-doc.mjs turns them into docs/reliability.md.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

const ROOT = new URL(
  Number(process.env.RELIABILITY_SCALE ?? 1) > 1
    ? '../../../reports/reliability/'
    : '../../../reports/reliability/quick/',
  import.meta.url,
);

/** Machine, Node and date: written with every result. */
export function environment() {
  return {
    date: new Date().toISOString(),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpus: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown'}`,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    scale: Number(process.env.RELIABILITY_SCALE ?? 1),
    seed: Number(process.env.RELIABILITY_SEED ?? 20261121),
  };
}

/** Writes `reports/reliability/<name>.json` and returns its path. */
export function writeReport(name: string, data: unknown): string {
  mkdirSync(ROOT, { recursive: true });
  const file = new URL(`${name}.json`, ROOT);
  writeFileSync(file, `${JSON.stringify({ environment: environment(), ...(data as object) }, null, 2)}\n`);
  return file.pathname;
}

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as (options?: unknown) => void;

/** Heap used after two full collections, in bytes. */
export async function heapAfterGc(): Promise<number> {
  for (let i = 0; i < 3; i++) {
    await new Promise((resolve) => setImmediate(resolve));
    gc();
  }
  return process.memoryUsage().heapUsed;
}

// Memory under sustained load: createWebhookHandler + toNodeListener (default in-memory dedupe store,
// bounded at 10,000 keys) receives N distinct signed deliveries; the server's heap is read after a full
// GC (--expose-gc) at checkpoints. Flat means: no growth once the dedupe bound is reached.
import { startServer } from '../lib/child.mjs';
import { drive } from '../lib/load.mjs';

const MiB = 1024 * 1024;

/** @param {{ quick: boolean }} options */
export async function run({ quick }) {
  const total = quick ? 20_000 : 200_000;
  const checkpoints = 4;
  const row = { id: 'sdk', label: 'createWebhookHandler + toNodeListener', role: 'sdk' };
  const heap = [];
  let server;
  try {
    server = await startServer('ingest', ['sdk'], { execArgv: ['--expose-gc'] });
    const start = await server.ask('heap');
    heap.push({ deliveries: 0, ...start });
    let delivered = 0;
    for (let checkpoint = 1; checkpoint <= checkpoints; checkpoint++) {
      const amount = total / checkpoints;
      const result = await drive(server.url, 'sdk', { amount, connections: 32 });
      if (result.failed > 0) throw new Error(`${result.failed} deliveries not answered 2xx`);
      delivered += result.ok;
      heap.push({ deliveries: delivered, ...(await server.ask('heap')) });
    }
  } catch (error) {
    row.error = error.message;
  } finally {
    await server?.stop();
  }

  if (!row.error) {
    const last = heap[heap.length - 1];
    const middle = heap[checkpoints / 2];
    const first = heap[1];
    row.samples = heap.slice(1).map((point) => point.heapUsed / MiB);
    row.metrics = {
      deliveries: last.deliveries,
      heapBeforeMiB: first.heapUsed / MiB,
      heapAfterMiB: last.heapUsed / MiB,
      growthMiB: (last.heapUsed - first.heapUsed) / MiB,
      secondHalfGrowthMiB: (last.heapUsed - middle.heapUsed) / MiB,
      rssAfterMiB: last.rss / MiB,
    };
    row.checkpoints = heap.map((point) => ({
      deliveries: point.deliveries,
      heapUsedMiB: point.heapUsed / MiB,
      externalMiB: point.external / MiB,
      rssMiB: point.rss / MiB,
    }));
  }

  return {
    id: 'memory',
    title: 'Memory over sustained ingest',
    unit: 'MiB',
    higherIsBetter: false,
    method:
      `${total.toLocaleString('en')} distinct signed 1 KiB deliveries to createWebhookHandler + toNodeListener ` +
      `(default options: in-memory dedupe store, bounded), autocannon with 32 connections; heapUsed read in the ` +
      `server process after two forced full GCs (--expose-gc) at ${checkpoints} checkpoints.`,
    groups: [{ id: 'heap', title: 'heapUsed after GC', floor: null, rows: [row] }],
  };
}

// Webhook ingest end to end: each receiver on node:http in its own process, driven over loopback by
// autocannon (in this process) with distinct signed 1 KiB talk.message_created deliveries.
import { startServer } from '../lib/child.mjs';
import { drive } from '../lib/load.mjs';
import { rotate } from '../lib/stats.mjs';

const CONTESTANTS = [
  {
    id: 'floor',
    label: 'hand-written node:http receiver',
    note: 'createHmac + timingSafeEqual + JSON.parse, nothing else',
    role: 'floor',
  },
  { id: 'sdk', label: 'createWebhookHandler + toNodeListener', role: 'sdk' },
  {
    id: 'bot',
    label: 'Bot + bot.webhook() + toNodeListener',
    role: 'sdk',
    note: 'three middlewares, twenty commands and a hears run on every delivery (none matches the text)',
  },
  {
    id: 'octokit',
    label: '@octokit/webhooks createNodeMiddleware',
    role: 'peer',
    note: 'GitHub headers and sha256= signature',
  },
  {
    id: 'line',
    label: '@line/bot-sdk middleware (Express 5)',
    role: 'peer',
    note: 'base64 signature; Express routing included',
  },
];

/** @param {{ quick: boolean }} options */
export async function run({ quick }) {
  const rounds = quick ? 2 : 5;
  const seconds = quick ? 1 : 3;
  const connections = 32;
  const servers = new Map();
  const rows = CONTESTANTS.map((contestant) => ({ ...contestant }));
  try {
    for (const row of rows) {
      try {
        servers.set(row.id, await startServer('ingest', [row.id]));
      } catch (error) {
        row.error = error.message;
      }
    }
    const live = rows.filter((row) => servers.has(row.id));
    for (const row of live) {
      // Warm-up, and a check that every delivery is accepted: a receiver answering 401 fast would win.
      const warm = await drive(servers.get(row.id).url, row.id, { seconds: quick ? 0.5 : 1, connections });
      if (warm.failed > 0 || warm.ok === 0) {
        row.error = `warm-up: ${warm.failed} of ${warm.ok + warm.failed} deliveries not answered 2xx`;
      }
      row.samples = [];
      row.cpu = [];
      row.latencyP99 = [];
      row.busy = { server: [], generator: [] };
    }
    const measured = live.filter((row) => !row.error);
    for (let round = 0; round < rounds; round++) {
      for (const row of rotate(measured, round)) {
        const server = servers.get(row.id);
        const cpuBefore = await server.ask('cpu');
        const generatorBefore = process.cpuUsage();
        const started = performance.now();
        const result = await drive(server.url, row.id, { seconds, connections });
        const wallUs = (performance.now() - started) * 1000;
        const generator = process.cpuUsage(generatorBefore);
        const cpuAfter = await server.ask('cpu');
        row.busy.server.push((cpuAfter - cpuBefore) / wallUs);
        row.busy.generator.push((generator.user + generator.system) / wallUs);
        if (result.failed > 0)
          row.error = `${result.failed} deliveries not answered 2xx in round ${round + 1}`;
        row.samples.push(result.perSecond);
        row.cpu.push((cpuAfter - cpuBefore) / result.ok);
        row.latencyP99.push(result.latencyP99);
      }
    }
  } finally {
    await Promise.all([...servers.values()].map((server) => server.stop()));
  }
  for (const row of rows) {
    if (row.error) {
      delete row.samples;
      delete row.cpu;
    }
  }

  return {
    id: 'ingest',
    title: 'Webhook ingest on node:http (end to end)',
    unit: 'req/s',
    higherIsBetter: true,
    method:
      `Each receiver in its own process; autocannon in another, ${connections} connections, ${seconds} s per ` +
      `contestant per round, ${rounds} interleaved rounds after a warm-up; every request a distinct signed ` +
      '1 KiB talk.message_created delivery (fresh event id); only 2xx answers count, any other answer fails the row. ' +
      "Server CPU per request is the receiver process's CPU time (user + system) over the round divided by the " +
      'requests it answered: unlike requests/s, it hardly moves when other processes compete for the cores.' +
      ' "Busy" notes give the share of one core each process used during the rounds: a process near 100% was ' +
      'the bottleneck (a saturated load generator or server caps every contestant alike and pulls ratios toward 1).',
    groups: [
      {
        id: 'node-http',
        title: 'Signed 1 KiB deliveries, node:http',
        floor: 'floor',
        cpuLabel: 'server CPU µs/request',
        rows,
      },
    ],
  };
}

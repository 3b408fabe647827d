#!/usr/bin/env node
// Soak: sustained load on the node:http adapter for a bounded time, from autocannon in this process against
// the handler in another (soak-server.mjs), recording the server's RSS, heap and event-loop delay each
// second. The load mixes genuine deliveries (unique event ids, so every one is verified, deduplicated and
// dispatched), duplicates, forged signatures and malformed bodies.
//
// Usage: node scripts/reliability/soak.mjs [--seconds 120] [--connections 16] [--out reports/reliability/soak.json]
// Needs dist/ (npm run build).
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { environment } from './environment.mjs';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: process.env.SOAK_SECONDS ?? '120' },
    connections: { type: 'string', default: '16' },
    out: { type: 'string', default: 'reports/reliability/soak.json' },
  },
});
const seconds = Number(values.seconds);
const SECRET = 'soak-secret';

const server = spawn(
  process.execPath,
  ['--expose-gc', new URL('./soak-server.mjs', import.meta.url).pathname],
  {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, SOAK_SECRET: SECRET },
  },
);
const lines = createInterface({ input: server.stdout });
const nextLine = () => new Promise((resolve) => lines.once('line', (line) => resolve(JSON.parse(line))));
const { port } = await nextLine();

let n = 0;
const kinds = { genuine: 0, duplicate: 0, forged: 0, malformed: 0 };
function delivery() {
  n += 1;
  const roll = n % 10;
  const id = roll === 8 ? `evt_${n - 2}` : `evt_${n}`; // one in ten repeats an earlier genuine event id
  const body = JSON.stringify({
    event_id: id,
    event_type: 'talk.message_created',
    bot_id: 'bot_soak',
    timestamp: 1_780_833_600,
    message: {
      room_id: n,
      message_id: n,
      sender_user_id: 'u',
      body: `hello ${n}`,
      message_type: 'TEXT',
      created_at: 1,
    },
  });
  let signature = createHmac('sha256', SECRET).update(body).digest('hex');
  let sent = body;
  if (roll === 9) {
    signature = signature.replace(/^./, (c) => (c === '0' ? '1' : '0'));
    kinds.forged += 1;
  } else if (roll === 7) {
    sent = body.slice(0, 40);
    signature = createHmac('sha256', SECRET).update(sent).digest('hex');
    kinds.malformed += 1;
  } else if (roll === 8) kinds.duplicate += 1;
  else kinds.genuine += 1;
  return {
    body: sent,
    headers: {
      'content-type': 'application/json',
      'x-momotalk-event-id': id,
      'x-momotalk-bot-signature': signature,
    },
  };
}

const load = await autocannon({
  url: `http://127.0.0.1:${port}/webhook`,
  method: 'POST',
  connections: Number(values.connections),
  duration: seconds,
  requests: [{ method: 'POST', setupRequest: (request) => ({ ...request, ...delivery() }) }],
});

const finished = nextLine();
server.kill('SIGTERM');
const { samples, handled } = await finished;

const quarter = Math.max(1, Math.floor(samples.length / 4));
const median = (list) => {
  const sorted = [...list].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};
const window = (from, to, key) =>
  median(
    samples
      .slice(from, to)
      .map((s) => s[key])
      .filter((v) => v !== undefined),
  );
const gcSamples = samples.filter((s) => s.heapAfterGc !== undefined);
const summary = {
  rssMiB: {
    firstQuarter: window(0, quarter, 'rss') / 2 ** 20,
    lastQuarter: window(-quarter, undefined, 'rss') / 2 ** 20,
  },
  heapUsedMiB: {
    firstQuarter: window(0, quarter, 'heapUsed') / 2 ** 20,
    lastQuarter: window(-quarter, undefined, 'heapUsed') / 2 ** 20,
  },
  heapAfterGcMiB: {
    first: (gcSamples[0]?.heapAfterGc ?? 0) / 2 ** 20,
    last: (gcSamples.at(-1)?.heapAfterGc ?? 0) / 2 ** 20,
    max: Math.max(0, ...gcSamples.map((s) => s.heapAfterGc)) / 2 ** 20,
  },
  eventLoopDelayP99Ms: {
    firstQuarter: window(0, quarter, 'eldP99Ms'),
    lastQuarter: window(-quarter, undefined, 'eldP99Ms'),
    max: Math.max(0, ...samples.map((s) => s.eldMaxMs)),
  },
};
const result = {
  environment: environment(),
  seconds,
  connections: Number(values.connections),
  sent: kinds,
  // Genuine deliveries reached the handler once each; duplicates, forged and malformed ones never.
  handled,
  // (requests still in flight when the run stops are counted as sent but may not have been answered)
  handledMatchesGenuine:
    handled <= kinds.genuine && kinds.genuine - handled <= 2 * Number(values.connections),
  load: {
    requests: load.requests.total,
    requestsPerSecond: load.requests.average,
    latencyMs: { p50: load.latency.p50, p99: load.latency.p99, max: load.latency.max },
    statusCodes: load.statusCodeStats,
    errors: load.errors,
    timeouts: load.timeouts,
  },
  summary,
  samples,
};
mkdirSync(dirname(values.out), { recursive: true });
writeFileSync(values.out, `${JSON.stringify(result, null, 2)}\n`);
const f = (x) => x.toFixed(1);
console.log(
  `soak ${seconds}s: ${result.load.requests} requests (${f(result.load.requestsPerSecond)}/s), errors ${load.errors}, ` +
    `RSS ${f(summary.rssMiB.firstQuarter)} → ${f(summary.rssMiB.lastQuarter)} MiB, heap after GC ${f(summary.heapAfterGcMiB.first)} → ${f(summary.heapAfterGcMiB.last)} MiB, ` +
    `event-loop p99 ${f(summary.eventLoopDelayP99Ms.firstQuarter)} → ${f(summary.eventLoopDelayP99Ms.lastQuarter)} ms`,
);

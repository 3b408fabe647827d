// Soak: sustained load on the node:http adapter for a bounded time (SOAK_SECONDS, default 150), from
// autocannon in this process against the handler in another (support/soak-server.mjs, on dist/), which
// records its RSS, heap and event-loop delay each second. The load mixes genuine deliveries (unique event
// ids, so every one is verified, deduplicated and dispatched), duplicates, forged signatures and malformed
// bodies. Figures go to reports/reliability/soak.json and docs/reliability.md.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import { expect, test } from 'vitest';
import { writeReport } from '../reliability/support/report.js';
import { sign } from '../support/index.js';

const SECONDS = Number(process.env.SOAK_SECONDS ?? 150);
const CONNECTIONS = 16;
const SECRET = 'soak-secret';

interface Sample {
  t: number;
  rss: number;
  heapUsed: number;
  heapAfterGc?: number;
  eldP99Ms: number;
  eldMaxMs: number;
  handled: number;
}

const kinds = { genuine: 0, duplicate: 0, forged: 0, malformed: 0 };
let n = 0;
/** One in ten repeats an earlier event id, one is forged, one is a truncated (signed) body. */
function delivery() {
  n += 1;
  const roll = n % 10;
  const id = roll === 8 ? `evt_${n - 2}` : `evt_${n}`;
  const message = {
    room_id: n,
    message_id: n,
    sender_user_id: 'u',
    body: `hello ${n}`,
    message_type: 'TEXT',
    created_at: 1,
  };
  const event = {
    event_id: id,
    event_type: 'talk.message_created',
    bot_id: 'bot_soak',
    timestamp: 1_780_833_600,
    message,
  };
  let body = JSON.stringify(event);
  let signature = sign(body, SECRET);
  if (roll === 9) {
    signature = signature.replace(/^./, (c) => (c === '0' ? '1' : '0'));
    kinds.forged += 1;
  } else if (roll === 7) {
    body = body.slice(0, 40);
    signature = sign(body, SECRET);
    kinds.malformed += 1;
  } else if (roll === 8) kinds.duplicate += 1;
  else kinds.genuine += 1;
  const headers = {
    'content-type': 'application/json',
    'x-momotalk-event-id': id,
    'x-momotalk-bot-signature': signature,
  };
  return { body, headers };
}

const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)] ?? 0;
const mib = (bytes: number) => bytes / 2 ** 20;

/** Least-squares slope of RSS (MiB per minute) over the second half of the samples. */
function rssSlopeMiBPerMinute(samples: Sample[]): number {
  const half = samples.slice(Math.floor(samples.length / 2));
  const xs = half.map((sample) => sample.t / 60);
  const ys = half.map((sample) => mib(sample.rss));
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  const num = xs.reduce((acc, x, k) => acc + (x - mx) * ((ys[k] ?? 0) - my), 0);
  const den = xs.reduce((acc, x) => acc + (x - mx) ** 2, 0);
  return den === 0 ? 0 : num / den;
}

test(`${SECONDS} s of mixed load: every genuine delivery handled, no errors, memory reported`, async () => {
  const server = spawn(
    process.execPath,
    ['--expose-gc', new URL('./support/soak-server.mjs', import.meta.url).pathname],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, SOAK_SECRET: SECRET },
    },
  );
  const lines = createInterface({ input: server.stdout });
  const nextLine = () => new Promise<string>((resolve) => lines.once('line', resolve));
  const { port } = JSON.parse(await nextLine()) as { port: number };
  const load = await autocannon({
    url: `http://127.0.0.1:${port}/webhook`,
    method: 'POST',
    connections: CONNECTIONS,
    duration: SECONDS,
    requests: [{ method: 'POST', setupRequest: (request) => ({ ...request, ...delivery() }) }],
  });
  const finished = nextLine();
  server.kill('SIGTERM');
  const { samples, handled } = JSON.parse(await finished) as { samples: Sample[]; handled: number };

  const quarter = Math.max(1, Math.floor(samples.length / 4));
  const window = (from: number, to: number | undefined, pick: (s: Sample) => number) =>
    median(samples.slice(from, to).map(pick));
  const afterGc = samples.flatMap((s) => (s.heapAfterGc === undefined ? [] : [s.heapAfterGc]));
  const summary = {
    rssMiB: {
      firstQuarter: mib(window(0, quarter, (s) => s.rss)),
      lastQuarter: mib(window(-quarter, undefined, (s) => s.rss)),
    },
    heapUsedMiB: {
      firstQuarter: mib(window(0, quarter, (s) => s.heapUsed)),
      lastQuarter: mib(window(-quarter, undefined, (s) => s.heapUsed)),
    },
    heapAfterGcMiB: {
      first: mib(afterGc[0] ?? 0),
      last: mib(afterGc.at(-1) ?? 0),
      max: mib(Math.max(0, ...afterGc)),
    },
    eventLoopDelayP99Ms: {
      firstQuarter: window(0, quarter, (s) => s.eldP99Ms),
      lastQuarter: window(-quarter, undefined, (s) => s.eldP99Ms),
      max: Math.max(0, ...samples.map((s) => s.eldMaxMs)),
    },
    rssSlopeMiBPerMinute: rssSlopeMiBPerMinute(samples),
  };
  // Requests still in flight when the run stops are counted as sent but may not have been answered.
  const handledMatchesGenuine = handled <= kinds.genuine && kinds.genuine - handled <= 2 * CONNECTIONS;
  writeReport('soak', {
    seconds: SECONDS,
    connections: CONNECTIONS,
    sent: kinds,
    handled,
    handledMatchesGenuine,
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
  });
  expect(load.errors, 'connection errors').toBe(0);
  expect(handledMatchesGenuine, `${handled} handled for ${kinds.genuine} genuine deliveries`).toBe(true);
  expect(summary.heapAfterGcMiB.last, 'heap after GC grew by more than 8 MiB').toBeLessThan(
    summary.heapAfterGcMiB.first + 8,
  );
});

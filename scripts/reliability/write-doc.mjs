#!/usr/bin/env node
// Writes docs/reliability.md from the JSON results in reports/reliability/ (hostile-input, outbound-faults,
// redelivery, timing, soak, mutation). Run by `npm run test:long` as its last step; run it alone after any
// single step: `node scripts/reliability/write-doc.mjs`. A missing result is shown as "not run".
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';

const root = new URL('../../', import.meta.url);
/** The long run's result (reports/reliability/), else the quick one's (reports/reliability/quick/). */
const read = (name) => {
  for (const dir of ['reports/reliability/', 'reports/reliability/quick/']) {
    const file = new URL(`${dir}${name}.json`, root);
    if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8'));
  }
  return undefined;
};
const hostileRaw = read('hostile-input');
// A run stopped before its end (time limit) writes counts only: shown as not run.
const hostile = hostileRaw?.requests === undefined ? undefined : hostileRaw;
const faults = read('outbound-faults');
const redelivery = read('redelivery');
const timing = read('timing');
const soak = read('soak');
const mutation = read('mutation');

const env = (data) =>
  data?.environment
    ? `_Measured ${data.environment.date.slice(0, 16).replace('T', ' ')} UTC, Node ${data.environment.node}, ${data.environment.platform}, ${data.environment.cpus}${data.environment.scale ? `, RELIABILITY_SCALE=${data.environment.scale}` : ''}${data.environment.seed ? `, seed ${data.environment.seed}` : ''}._`
    : '_Not run yet._';
const mib = (bytes) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
const n = (value) => (typeof value === 'number' ? value.toLocaleString('en-US') : String(value ?? '—'));
const table = (head, rows) =>
  [
    `| ${head.join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');

const out = [];
out.push(`# Reliability and security evidence

Issue 10: the SDK keeps working under hostile input, faults and load, and loses nothing. Every figure below
comes from a JSON file in \`reports/reliability/\` (gitignored) and names the command that reproduces it.
This page is generated: \`node scripts/reliability/write-doc.mjs\` rewrites it from those files.

- **Quick parts** (in \`npm test\`, seeded, deterministic): \`npx vitest run test/reliability\`.
- **Long parts**: \`npm run test:long\` (\`scripts/reliability/run-long.mjs\`; options \`--scale 10\`,
  \`--soak-seconds 150\`, \`--skip timing,soak,mutation\`). Bounded: each step has a time limit.

The machine these figures come from has 2 cores shared with other work; timing, soak and latency figures are
noisy there and are best re-run on a quiet machine (\`npm run test:long\`, then commit the regenerated page).
`);

// ------------------------------------------------------------------------------------------------ 1
out.push(`## 1. Hostile input to every receiver

\`npx vitest run test/reliability/hostile-input.test.ts\` (quick) · \`RELIABILITY_SCALE=10 npx vitest run test/reliability/hostile-input.test.ts\` (long)

A seeded generator (\`test/reliability/support/corpus.ts\`, mulberry32, \`RELIABILITY_SEED\`) builds requests
for the MoMoTalk handler (\`createWebhookHandler\`), the Bizmessage receiver and the Talk Share receiver:
malformed and truncated JSON, random bytes, invalid UTF-8 (inside strings and in the structure), nesting up to
30,000 levels, strings and arrays up to the body limit, bodies exactly at and past it, \`__proto__\` /
\`constructor\` / \`prototype\` keys at every level, wrong types, duplicated and missing headers, header/body
mismatches, wrong content types, forged and tampered signatures, wrong methods. Each carries the status the
receiver's JSDoc documents (401 unsigned/forged, 400 bad JSON/shape when authentic, 413 past the limit, 405
method, 200 valid or unknown type) and the ids that must reach user code. The oracle signs with node:crypto
directly. Receivers are created with \`maxBodyBytes: 65536\` (the code path of the 1 MiB default, quicker).

They go through the Fetch handler (a real \`Request\`, duplicated headers appended) and through
\`toNodeListener\` on a loopback node:http server (duplicated headers as separate lines); then raw TCP bytes for
what no client library sends (CR, LF, NUL in header values, obs-fold, request smuggling framings, a header
block over 16 KiB, truncated bodies), and slow-drip bodies (8 chunks, 15 ms apart).
`);
out.push(env(hostile));
if (hostile) {
  const r = hostile.requests;
  const u = hostile.userCode;
  out.push(`
- Requests: **${n(r.fetch)}** through the Fetch handler, **${n(r.node)}** through node:http, ${r.rawTcp} raw TCP, ${r.slowDrip} slow-drip. Time: ${n(Math.round(hostile.elapsedMs / 1000))} s.
- Answered as documented: **${hostile.mismatches.length === 0 ? 'all' : `all but ${hostile.mismatches.length}`}**.
- Reached user code: **${n(u.invocations)}** handler invocations for **${n(u.genuineDeliveriesExpected)}** genuine deliveries; ${u.unexpected} forged/unsigned/invalid ones; ${u.missing} genuine ones missing; ${u.wrongCount} run more or less than once; ${u.valuesWithOddPrototype} values with a prototype other than Object.prototype/null.
- Prototypes: built-in prototypes unchanged: **${hostile.prototypesUnchanged}**; pollution probe (\`({}).polluted\`) clean: **${!hostile.pollutionProbe}**.
- Heap after GC: ${mib(hostile.heap.beforeBytes)} before, ${mib(hostile.heap.withReceiversAliveBytes)} with the receivers (and their dedupe stores, bounded at 10,000 keys each) alive, ${mib(hostile.heap.afterReceiversDroppedBytes)} once they are dropped (Δ ${mib(hostile.heap.deltaBytes)}; the test requires < 8 MiB).
- \`onError\` calls: ${hostile.onErrorCalls.length === 0 ? 'none' : hostile.onErrorCalls.map((e) => `\`${e}\``).join(', ')} (client aborts only; see findings).
`);
  for (const transport of Object.keys(hostile.counts)) {
    const rows = Object.entries(hostile.counts[transport])
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([cls, t]) => [
        cls,
        n(t.sent),
        n(t.asDocumented),
        Object.entries(t.statuses)
          .map(([s, c]) => `${s}×${c}`)
          .join(' '),
      ]);
    out.push(
      `\n**${transport}**\n\n${table(['receiver / class', 'sent', 'as documented', 'statuses'], rows)}\n`,
    );
  }
  if (hostile.rawTcp) {
    out.push(
      `\n**raw TCP to the node:http server** (Node's parser answers before the receiver sees anything; the server stays up and a genuine delivery afterwards gets 200)\n\n${table(
        ['case', 'status'],
        Object.entries(hostile.rawTcp).map(([k, v]) => [k, String(v)]),
      )}\n`,
    );
  }
}

// ------------------------------------------------------------------------------------------------ 2
out.push(`## 2. Timing of the signature comparison

\`npm run build && node scripts/reliability/timing-leak.mjs [--batches 4000] [--per-batch 200] [--json]\` (long suite only)

Method (dudect, Reparaz, Balasch and Verbauwhede, 2017): one body and secret; two classes of forged
signatures, A matching 0 leading bytes of the true HMAC and B matching 31 of 32, drawn from pools of 64 so
both share the same character distribution. Batches of \`per-batch\` calls to \`verifyWebhook\` are timed with
\`process.hrtime.bigint()\`; the class of each batch is chosen at random, so drift and other processes' noise
fall on both classes alike; the slowest 5% of batches are cropped (interrupts, GC). Welch's t-test compares
the means; |t| < 4.5 is dudect's "no leak detected". A **positive control** measures a naive early-exit
string comparison the same way (on a 1-byte body, so the comparison is a visible share of the time): it must
show |t| ≥ 4.5, which proves the set-up can see a leak of that size. It is not in \`npm test\`: a busy machine
makes it noisy, and a timing assertion there would be flaky.
`);
out.push(env(timing));
if (timing) {
  const f = (r) =>
    `t = ${r.t.toFixed(2)} (mean ${r.meanNsA.toFixed(0)} ns vs ${r.meanNsB.toFixed(0)} ns, n = ${r.samplesA}/${r.samplesB})`;
  out.push(`
- \`verifyWebhook\`, 0 vs 31 matching leading bytes: **${f(timing.verifyWebhook)}** → ${timing.leakDetected ? '**leak suspected**' : 'no leak detected'}.
- Naive early-exit comparison (positive control): **${f(timing.naiveControl)}** → ${timing.controlDetectsLeak ? 'leak detected, as it must be' : '**not detected: the run was too noisy to conclude anything**'}.
- ${timing.batches} batches × ${timing.perBatch} calls per class pair.
`);
}

// ------------------------------------------------------------------------------------------------ 3
out.push(`## 3. Outbound faults

\`npx vitest run test/reliability/outbound-faults.test.ts\` (quick: 3 calls per scenario, 60 in the storm) · \`RELIABILITY_SCALE=10 …\` (long)

\`BotClient\` against \`scripts/reliability/faulty-server.mjs\`, a Bot API stand-in in **another process** that
misbehaves on purpose. The server counts, per call, the requests it saw and the messages it **may have
processed** (every body it read and did not decline with 429/503: a 2xx, another 5xx, a reset or a hang after
reading). Client settings: \`timeout\` 300 ms, \`totalTimeout\` 2.5 s, \`retry: { baseDelay: 10, maxDelay: 40 }\`
(limit 2), \`unsafe\` where stated. Every call must end in a result or a \`MoMoTalkError\` subclass, before
\`totalTimeout\` + 2 s (a generous bound: "does not hang", not a performance figure).
`);
out.push(env(faults));
if (faults) {
  out.push(
    `\n${table(
      [
        'scenario',
        'server',
        'unsafe',
        'calls',
        'outcome',
        'requests seen',
        'processed',
        'max processed per call',
        'slowest call',
      ],
      faults.scenarios.map((s) => [
        s.scenario,
        `\`${s.server}\``,
        s.unsafe ? 'yes' : 'no',
        n(s.calls),
        Object.entries(s.outcomes)
          .map(([k, v]) => `${k}×${v}`)
          .join(', '),
        n(s.requests),
        n(s.processed),
        n(s.maxProcessedPerCall),
        s.maxElapsedMs === undefined ? '—' : `${s.maxElapsedMs} ms`,
      ]),
    )}\n\nWithout \`unsafe\`, no call caused more than one processed message; with it, the client retries what may
have been processed (up to limit + 1 = 3 messages), as documented. A reset before the server read anything
is still not retried by default: the client cannot tell it from a reset after reading (both are
\`ECONNRESET\`); only errors that prove nothing was sent (\`ECONNREFUSED\`, DNS, …) are retried safely.\n`,
  );
}

// ------------------------------------------------------------------------------------------------ 4
out.push(`## 4. Redelivery and concurrency on Redis

\`npx vitest run test/reliability/redelivery.test.ts\` (quick: 300 events) · \`RELIABILITY_SCALE=10 …\` (long: 3,000)

A simulated platform delivers each event at least once to two \`createWebhookHandler\` instances, each with its
own ioredis connection to one real \`redis-server\` (started by the test on a free loopback port,
\`--save '' --appendonly no\`; skipped loudly without the binary, failing when \`CI=true\`). 30% of events are
sent as 2–3 concurrent copies to either instance; every event is redelivered (20–60 ms later) until one
answer is 200, and the platform stops waiting after 400 ms (then redelivers). 5% of handlers throw on their
first run (crash mid-event); 1% never return on their first run (the process died: the claim is left in
Redis until \`claimTtlMs\`, 1 s). Once 40% of events are acknowledged, Redis is **killed (SIGKILL) and
restarted** on the same port 300 ms later, with its data gone.

**What the handler does while Redis is down**: the store's claim rejects, the pipeline reports it to
\`onError\` (phase \`idempotency\`) and answers **503 \`idempotency_unavailable\`** without running the handler,
so the platform redelivers and nothing is lost or run without deduplication. (The clients use
\`enableOfflineQueue: false\`, so commands fail at once instead of queueing; a store call that does not answer at
all is cut off after \`dedupe.timeoutMs\`, 3 s by default, with the same 503.)
`);
out.push(env(redelivery));
if (redelivery) {
  out.push(`
- Events: **${n(redelivery.events)}**, deliveries: **${n(redelivery.deliveries)}**, Redis restarts: ${redelivery.redisRestarts}; handlers that threw first: ${redelivery.fates.throwsFirst}, died first: ${redelivery.fates.diesFirst}.
- Answers: ${Object.entries(redelivery.statuses)
    .map(([k, v]) => `${k}×${n(v)}`)
    .join(', ')} (\`timeout\`: the platform stopped waiting).
- \`onError\`: ${Object.entries(redelivery.onErrorPhases)
    .map(([k, v]) => `${k}×${n(v)}`)
    .join(', ')}.
- **Acknowledged: ${n(redelivery.acknowledged)}; processed exactly once: ${n(redelivery.completedOnce)}; lost: ${redelivery.lost}; duplicates: ${redelivery.duplicates}**; processed on both sides of the restart: ${redelivery.duplicatesAcrossRestart} (see below). Most deliveries one event needed: ${redelivery.maxAttemptsForOneEvent}.

A Redis without persistence forgets processed keys when it restarts: a copy of an event already processed
before the crash that arrives after it would run again. The test counts such cases separately (they are the
store's data loss, not the pipeline's) and fails on any other duplicate. For exactly-once across a Redis
restart, run Redis with persistence (AOF).
`);
}

// ------------------------------------------------------------------------------------------------ 5
out.push(`## 5. Soak

\`npm run build && node scripts/reliability/soak.mjs --seconds ${soak?.seconds ?? 150} --connections ${soak?.connections ?? 16}\` (long suite only)

autocannon in one process drives \`toNodeListener(createWebhookHandler(…))\` in another
(\`scripts/reliability/soak-server.mjs\`, \`--expose-gc\`) for a bounded time. Load: 7 in 10 requests are
genuine deliveries with fresh event ids (verified, deduplicated in the default memory store, dispatched), 1
repeats an earlier event id, 1 has a forged signature, 1 a truncated (signed) body. The server samples RSS,
heap and event-loop delay (\`perf_hooks.monitorEventLoopDelay\`, 10 ms resolution) every second, and the heap
after a full GC every 10 s. "Flat" means: the heap after GC does not grow with the number of requests served,
RSS settles after warm-up, and the event-loop delay does not trend upwards. On a shared machine the
event-loop figures include other processes' load (spikes in single seconds), not only the handler's.
`);
out.push(env(soak));
if (soak) {
  const s = soak.summary;
  out.push(`
- ${soak.seconds} s, ${soak.connections} connections: **${n(soak.load.requests)} requests** (${soak.load.requestsPerSecond.toFixed(0)}/s), latency p50 ${soak.load.latencyMs.p50} ms, p99 ${soak.load.latencyMs.p99} ms; statuses ${Object.entries(
    soak.load.statusCodes,
  )
    .map(([k, v]) => `${k}×${n(v.count)}`)
    .join(', ')}; errors ${soak.load.errors}, timeouts ${soak.load.timeouts}.
- Handler invocations ${n(soak.handled)} for ${n(soak.sent.genuine)} genuine deliveries sent (equal up to the requests in flight at the end: ${soak.handledMatchesGenuine}).
- RSS (median, first → last quarter): **${s.rssMiB.firstQuarter.toFixed(1)} → ${s.rssMiB.lastQuarter.toFixed(1)} MiB**; heap used ${s.heapUsedMiB.firstQuarter.toFixed(1)} → ${s.heapUsedMiB.lastQuarter.toFixed(1)} MiB; heap after GC **${s.heapAfterGcMiB.first.toFixed(1)} → ${s.heapAfterGcMiB.last.toFixed(1)} MiB** (max ${s.heapAfterGcMiB.max.toFixed(1)}).
- Event-loop delay p99 (median of the per-second p99, first → last quarter): **${s.eventLoopDelayP99Ms.firstQuarter.toFixed(1)} → ${s.eventLoopDelayP99Ms.lastQuarter.toFixed(1)} ms** (max ${s.eventLoopDelayP99Ms.max.toFixed(1)} ms).
- RSS trend over the second half: **${rssSlopeMiBPerMinute(soak.samples).toFixed(1)} MiB/min** (least-squares slope). ${rssVerdict(soak.samples, s)}

Every 10th sample (the ones with a heap after a full GC):

${table(
  ['t (s)', 'RSS', 'heap used', 'heap after GC', 'ELD p99', 'handled'],
  soak.samples
    .filter((x) => x.heapAfterGc !== undefined)
    .map((x) => [
      String(x.t),
      mib(x.rss),
      mib(x.heapUsed),
      x.heapAfterGc === undefined ? '—' : mib(x.heapAfterGc),
      `${x.eldP99Ms.toFixed(1)} ms`,
      n(x.handled),
    ]),
)}
`);
}

// ------------------------------------------------------------------------------------------------ 6
out.push(`## 6. Mutation testing

\`npx stryker run\` (config: \`stryker.config.json\`, vitest runner with \`related\` tests and per-test coverage,
concurrency 2; long suite only; report in \`reports/reliability/mutation.json\`).

Mutated: the signature (\`verify-webhook.ts\`, \`signature-format.ts\`, \`internal/constant-time-equal.ts\`), event
(\`parse-webhook-event.ts\`, \`construct-webhook-event.ts\`), handler (\`momotalk/provider.ts\`,
\`receiver/create-receiver.ts\`) and retry (\`client/retry-policy.ts\`) modules. The tests run are those of
\`test/webhooks\`, \`test/handler\`, \`test/client\` and \`test/reliability/mutation-*.test.ts\`
(\`scripts/reliability/vitest.stryker.config.mjs\`); suites that start processes or browsers are left out.
`);
if (mutation) {
  const perFile = Object.entries(mutation.files).map(([file, data]) => {
    const counts = {};
    for (const m of data.mutants) counts[m.status] = (counts[m.status] ?? 0) + 1;
    const killed = (counts.Killed ?? 0) + (counts.Timeout ?? 0);
    const valid = killed + (counts.Survived ?? 0) + (counts.NoCoverage ?? 0);
    return { file, counts, killed, valid };
  });
  const total = perFile.reduce((acc, f) => ({ killed: acc.killed + f.killed, valid: acc.valid + f.valid }), {
    killed: 0,
    valid: 0,
  });
  out.push(`_Report of ${new Date(readFileDate('mutation')).toISOString().slice(0, 16).replace('T', ' ')} UTC._

**Mutation score: ${((100 * total.killed) / Math.max(1, total.valid)).toFixed(1)}%** (${n(total.killed)} of ${n(total.valid)} mutants killed or timed out).

${table(
  ['file', 'score', 'killed', 'timeout', 'survived', 'no coverage', 'ignored/static'],
  perFile.map((f) => [
    `\`${f.file}\``,
    `${((100 * f.killed) / Math.max(1, f.valid)).toFixed(1)}%`,
    n(f.counts.Killed ?? 0),
    n(f.counts.Timeout ?? 0),
    n(f.counts.Survived ?? 0),
    n(f.counts.NoCoverage ?? 0),
    n((f.counts.Ignored ?? 0) + (f.counts.CompileError ?? 0) + (f.counts.RuntimeError ?? 0)),
  ]),
)}
`);
} else out.push('_Not run yet._\n');
out.push(readFileSync(new URL('./mutation-notes.md', import.meta.url), 'utf8'));

// ------------------------------------------------------------------------------------------------ 7
out.push(readFileSync(new URL('./findings.md', import.meta.url), 'utf8'));

writeFileSync(
  new URL('docs/reliability.md', root),
  `${out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()}\n`,
);
console.log('docs/reliability.md written');

function readFileDate(name) {
  return statSync(new URL(`reports/reliability/${name}.json`, root)).mtimeMs;
}

/** Least-squares slope of RSS (MiB per minute) over the second half of the soak samples. */
function rssSlopeMiBPerMinute(samples) {
  const half = samples.slice(Math.floor(samples.length / 2));
  const xs = half.map((sample) => sample.t / 60);
  const ys = half.map((sample) => sample.rss / 2 ** 20);
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  const num = xs.reduce((acc, x, k) => acc + (x - mx) * (ys[k] - my), 0);
  const den = xs.reduce((acc, x) => acc + (x - mx) ** 2, 0);
  return den === 0 ? 0 : num / den;
}

/** A plain reading of the memory figures: no verdict stronger than the data. */
function rssVerdict(samples, summary) {
  const slope = rssSlopeMiBPerMinute(samples);
  const heapFlat = summary.heapAfterGcMiB.last <= summary.heapAfterGcMiB.first + 2;
  if (slope < 1) return 'RSS has settled.';
  return heapFlat
    ? 'The heap after GC is flat, so this is not a JavaScript leak; RSS still creeping at the end of a run this short ' +
        '(allocator arenas and socket buffers under sustained load) is not proven flat: a longer soak is needed to show a plateau.'
    : 'The heap after GC grows too: investigate.';
}

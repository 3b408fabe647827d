// The durable inbox on a loopback redis-server (started here): webhook ingest with the inbox vs the
// in-memory handler; inbox worker throughput vs a bare BullMQ worker with a no-op processor on as many jobs;
// delivery → handler start latency (p50/p99) at a steady rate; 1 vs 2 worker processes.
import { fork, spawn } from 'node:child_process';
import * as require_net from 'node:net';
import { createServer } from 'node:net';
import { Queue, Worker } from 'bullmq';
import { SECRET, signHex } from '../lib/fixtures.mjs';
import { sdkEntry } from '../lib/sdk.mjs';

const ROOMS = 50;

/** @param {{ quick: boolean }} options */
export async function run({ quick }) {
  const { createWebhookHandler } = await sdkEntry('');
  const { createBullMQInbox, createInboxWorker } = await sdkEntry('bullmq');
  const redis = await startRedis();
  const connection = { host: '127.0.0.1', port: redis.port };
  const rounds = quick ? 2 : 3;
  const deliveries = quick ? 1000 : 2000;
  const jobs = quick ? 1000 : 2000;
  let queueNo = 0;
  const name = () => `bench-${process.pid}-${++queueNo}`;
  let eventNo = 0;

  const requests = (count) =>
    Array.from({ length: count }, () => {
      const n = ++eventNo;
      const body = JSON.stringify({
        event_id: `evt_${n}`,
        event_type: 'talk.message_created',
        bot_id: 'bot_bench',
        timestamp: 1_700_000_000,
        message: {
          room_id: n % ROOMS,
          message_id: n,
          sender_user_id: 'u',
          body: 'hello',
          message_type: 'TEXT',
          created_at: 1_700_000_000,
        },
      });
      return () =>
        new Request('http://localhost/hook', {
          method: 'POST',
          headers: {
            'x-momotalk-bot-signature': signHex(Buffer.from(body)),
            'x-momotalk-bot-id': 'bot_bench',
            'x-momotalk-event-id': `evt_${n}`,
          },
          body,
        });
    });
  /** Deliveries per second through `handler`, 32 at a time. */
  const ingest = async (handler, count) => {
    const made = requests(count).map((make) => make());
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: 32 }, async () => {
        while (next < made.length) {
          const response = await handler(made[next++]);
          if (response.status !== 200) throw new Error(`ingest answered ${response.status}`);
        }
      }),
    );
    return count / ((performance.now() - started) / 1000);
  };

  const memory = {
    id: 'memory',
    label: 'createWebhookHandler, processed in memory (no-op route)',
    role: 'floor',
    samples: [],
  };
  const inboxRow = {
    id: 'sdk',
    label: 'createWebhookHandler with the BullMQ inbox',
    role: 'sdk',
    samples: [],
  };
  const bare = {
    id: 'bare',
    label: 'bare BullMQ Worker, no-op processor (jobs added with addBulk)',
    role: 'floor',
    samples: [],
  };
  const workerRow = {
    id: 'sdk',
    label: 'createInboxWorker, no-op process, 50 rooms',
    role: 'sdk',
    samples: [],
  };
  const one = { id: 'one', label: '1 worker process', role: 'floor', samples: [] };
  const two = { id: 'sdk', label: '2 worker processes', role: 'sdk', samples: [] };
  const latency = [];

  try {
    for (let round = 0; round < rounds; round++) {
      // Ingest.
      const inMemory = createWebhookHandler({ secret: SECRET, onRejected: () => {} }).on(
        'talk.message_created',
        () => {},
      );
      memory.samples.push(await ingest(inMemory, deliveries));
      const inbox = createBullMQInbox({ connection, name: name() });
      const withInbox = createWebhookHandler({ secret: SECRET, inbox, onRejected: () => {} });
      await ingest(withInbox, 50); // connect and load the scripts outside the measurement
      inboxRow.samples.push(await ingest(withInbox, deliveries));

      // Worker throughput on what the webhook stored: the inbox's lanes vs a bare worker on as many jobs.
      let seen = 0;
      let done;
      const finished = new Promise((resolve) => {
        done = resolve;
      });
      const started = performance.now();
      const worker = createInboxWorker({
        inbox,
        process: () => {
          if (++seen === deliveries + 50) done();
        },
        concurrency: ROOMS,
        onError: () => {},
      });
      await finished;
      workerRow.samples.push(deliveries / ((performance.now() - started) / 1000));
      await worker.close();
      await inbox.close();

      const queueName = name();
      const queue = new Queue(queueName, { connection });
      await queue.addBulk(Array.from({ length: jobs }, (_, n) => ({ name: 'job', data: { n } })));
      let bareSeen = 0;
      let bareDone;
      const bareFinished = new Promise((resolve) => {
        bareDone = resolve;
      });
      const bareStarted = performance.now();
      const bareWorker = new Worker(
        queueName,
        async () => {
          if (++bareSeen === jobs) bareDone();
        },
        { connection, concurrency: ROOMS },
      );
      await bareFinished;
      bare.samples.push(jobs / ((performance.now() - bareStarted) / 1000));
      await bareWorker.close();
      await queue.close();

      // Latency at a steady rate (500 deliveries/s for 2 s), delivery → handler start.
      const steady = createBullMQInbox({ connection, name: name() });
      const steadyHandler = createWebhookHandler({ secret: SECRET, inbox: steady, onRejected: () => {} });
      const steadyWorker = createInboxWorker({
        inbox: steady,
        process: (job) => void latency.push(Date.now() - job.enqueuedAt),
        concurrency: ROOMS,
        onError: () => {},
      });
      await steadyWorker.ready();
      for (const make of requests(quick ? 200 : 1000)) {
        void steadyHandler(make());
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
      await steadyWorker.close();
      await steady.close();

      // 1 vs 2 worker processes on the same number of stored events.
      for (const [row, processes] of [
        [one, 1],
        [two, 2],
      ]) {
        const queueName2 = name();
        const store = createBullMQInbox({ connection, name: queueName2 });
        const storeHandler = createWebhookHandler({
          secret: SECRET,
          inbox: store,
          dedupe: false,
          onRejected: () => {},
        });
        await ingest(storeHandler, deliveries);
        const children = await Promise.all(
          Array.from({ length: processes }, () => startChild(redis.port, queueName2)),
        );
        const t0 = performance.now();
        const client = new Queue(queueName2, { connection });
        // Done when every lane list is empty and no lane job is left.
        for (;;) {
          const counts = await client.getJobCounts('wait', 'active', 'delayed');
          const raw = await (await client.getBackend().client).smembers(client.toKey('inbox:lanes'));
          if (counts.wait + counts.active + counts.delayed === 0 && raw.length === 0) break;
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
        row.samples.push(deliveries / ((performance.now() - t0) / 1000));
        for (const child of children) child.kill('SIGTERM');
        await client.close();
        await store.close();
      }
    }
  } finally {
    redis.child.kill('SIGKILL');
  }
  latency.sort((a, b) => a - b);
  const at = (q) => latency[Math.min(latency.length - 1, Math.floor(q * latency.length))];
  return {
    id: 'inbox',
    title: 'Durable inbox on BullMQ (loopback redis-server)',
    unit: 'events/s',
    higherIsBetter: true,
    method:
      `One process drives the webhook (32 deliveries in flight, ${deliveries} signed deliveries over ${ROOMS} rooms ` +
      `per row per round, ${rounds} interleaved rounds) and runs the in-process workers; the 1-vs-2 rows fork worker ` +
      `processes (concurrency 50 each) on ${deliveries} stored events. Delivery → handler start at 500 deliveries/s: ` +
      `p50 ${at(0.5)} ms, p99 ${at(0.99)} ms (${latency.length} events, enqueue time to the start of the handler).`,
    notes: [`delivery → handler start: p50 ${at(0.5)} ms, p99 ${at(0.99)} ms over ${latency.length} events`],
    groups: [
      {
        id: 'ingest',
        title: 'Webhook ingest: inbox vs in-memory processing',
        floor: 'memory',
        rows: [memory, inboxRow],
      },
      {
        id: 'worker',
        title: 'Worker throughput: inbox lanes vs bare BullMQ no-op',
        floor: 'bare',
        rows: [bare, workerRow],
      },
      { id: 'scale', title: 'Inbox worker processes: 1 vs 2', floor: 'one', rows: [one, two] },
    ],
  };
}

function startChild(port, queue) {
  const child = fork(new URL('../lib/inbox-worker-child.mjs', import.meta.url), {
    env: { ...process.env, REDIS_PORT: String(port), QUEUE: queue },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('message', () => resolve(child));
    child.once('error', reject);
  });
}

async function startRedis() {
  const port = await new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port: free } = server.address();
      server.close(() => resolve(free));
    });
  });
  const child = spawn(
    process.env.REDIS_SERVER_BIN ?? '/usr/bin/redis-server',
    ['--port', String(port), '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  for (let i = 0; i < 200; i++) {
    await new Promise((resolve) => setTimeout(resolve, 25));
    const ok = await new Promise((resolve) => {
      const { connect } = require_net;
      const socket = connect(port, '127.0.0.1', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) break;
  }
  return { port, child };
}

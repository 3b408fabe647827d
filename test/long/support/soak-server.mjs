#!/usr/bin/env node
// The soak target: a MoMoTalk webhook handler on node:http (toNodeListener, from dist/), sampling its own
// memory and event-loop delay once a second. Run by test/long/soak.test.ts with --expose-gc.
// Prints {"port":N} when listening; on SIGTERM prints {"samples":[…]} and exits.
import { createServer } from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createWebhookHandler } from '../../../dist/index.js';
import { toNodeListener } from '../../../dist/node.js';

const SECRET = process.env.SOAK_SECRET ?? 'soak-secret';
let handled = 0;
const handler = createWebhookHandler({ secret: SECRET, onError: () => {} }).on(
  'talk.message_created',
  (event) => {
    handled += event.message.body.length > 0 ? 1 : 0;
  },
);
const server = createServer(toNodeListener(handler));
const delay = monitorEventLoopDelay({ resolution: 10 });
delay.enable();
const started = performance.now();
const samples = [];
const gc = globalThis.gc;
let tick = 0;
const timer = setInterval(() => {
  tick += 1;
  // Heap after a full GC every 10 s: the figure that shows whether anything is retained.
  let afterGc;
  if (tick % 10 === 0 && typeof gc === 'function') {
    gc();
    afterGc = process.memoryUsage().heapUsed;
  }
  const memory = process.memoryUsage();
  samples.push({
    t: Math.round((performance.now() - started) / 1000),
    rss: memory.rss,
    heapUsed: memory.heapUsed,
    heapAfterGc: afterGc,
    eldP50Ms: delay.percentile(50) / 1e6,
    eldP99Ms: delay.percentile(99) / 1e6,
    eldMaxMs: delay.max / 1e6,
    handled,
  });
  delay.reset();
}, 1000);
server.listen(0, '127.0.0.1', () =>
  process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`),
);
process.on('SIGTERM', () => {
  clearInterval(timer);
  process.stdout.write(`${JSON.stringify({ samples, handled })}\n`, () => process.exit(0));
});

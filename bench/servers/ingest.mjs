// One webhook receiver on node:http, chosen by argv[2]: floor | sdk | bot | octokit | line.
// Each verifies the signature, parses the JSON and answers 200; event handlers do nothing (`bot` runs the
// bot-layer fixture: three middlewares, twenty commands and a hears, none of which matches the text).
// Answers { ask: 'cpu' } with the process's CPU time in µs, and with --expose-gc { ask: 'heap' } with
// heap figures after a full collection (memory mode).
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import { buildSdkBot } from '../lib/bot-fixture.mjs';
import { reportReady } from '../lib/child.mjs';
import { SECRET, WEBHOOK_PATH } from '../lib/fixtures.mjs';
import { sdkExport } from '../lib/sdk.mjs';

const kind = process.argv[2];

/** The floor: what a careful hand-written receiver does, and nothing more. */
function floorListener() {
  const ok = '{"ok":true}';
  return (request, response) => {
    if (request.method !== 'POST') {
      response.writeHead(405).end();
      return;
    }
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      const signature = request.headers['x-momotalk-bot-signature'];
      const expected = createHmac('sha256', SECRET).update(body).digest();
      const received = Buffer.from(typeof signature === 'string' ? signature : '', 'hex');
      if (received.length !== expected.length || !timingSafeEqual(expected, received)) {
        response.writeHead(401).end();
        return;
      }
      try {
        JSON.parse(body.toString('utf8'));
      } catch {
        response.writeHead(400).end();
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end(ok);
    });
  };
}

async function sdkListener() {
  const createWebhookHandler = await sdkExport('', 'createWebhookHandler');
  const toNodeListener = await sdkExport('node', 'toNodeListener');
  for (const value of [createWebhookHandler, toNodeListener]) if (value instanceof Error) throw value;
  const handler = createWebhookHandler({ secret: SECRET });
  handler.on('talk.message_created', () => {});
  return toNodeListener(handler);
}

/** The bot layer on the same pipeline: `bot.webhook()` is the handler `toNodeListener` mounts. */
async function botListener() {
  const Bot = await sdkExport('', 'Bot');
  const toNodeListener = await sdkExport('node', 'toNodeListener');
  for (const value of [Bot, toNodeListener]) if (value instanceof Error) throw value;
  return toNodeListener(buildSdkBot(Bot).webhook());
}

async function octokitListener() {
  const { Webhooks, createNodeMiddleware } = await import('@octokit/webhooks');
  const webhooks = new Webhooks({ secret: SECRET });
  webhooks.on('issues', () => {});
  const silent = { debug() {}, info() {}, warn() {}, error() {} };
  return createNodeMiddleware(webhooks, { path: WEBHOOK_PATH, log: silent });
}

async function lineListener() {
  const { middleware } = await import('@line/bot-sdk');
  const { default: express } = await import('express');
  const app = express();
  app.post(WEBHOOK_PATH, middleware({ channelSecret: SECRET }), (_request, response) => {
    response.json({ ok: true });
  });
  return app;
}

const listeners = {
  floor: floorListener,
  sdk: sdkListener,
  bot: botListener,
  octokit: octokitListener,
  line: lineListener,
};

try {
  const listener = await listeners[kind]();
  const server = createServer(listener);
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => reportReady(server));
  process.on('message', (message) => {
    if (message?.ask === 'cpu') {
      const usage = process.cpuUsage();
      process.send?.({ answer: usage.user + usage.system });
      return;
    }
    if (message?.ask !== 'heap') return;
    globalThis.gc?.();
    globalThis.gc?.();
    const { heapUsed, rss, external, arrayBuffers } = process.memoryUsage();
    process.send?.({
      answer: { heapUsed, rss, external, arrayBuffers, gc: typeof globalThis.gc === 'function' },
    });
  });
} catch (error) {
  process.send?.({ failed: error instanceof Error ? error.message : String(error) });
  process.exit(1);
}

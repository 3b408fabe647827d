// One webhook receiver on node:http, chosen by argv[2]: floor | sdk | bot | sdk-otel-api | sdk-otel-sdk |
// octokit | line.
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

async function sdkListener(telemetry) {
  const createWebhookHandler = await sdkExport('', 'createWebhookHandler');
  const toNodeListener = await sdkExport('node', 'toNodeListener');
  for (const value of [createWebhookHandler, toNodeListener]) if (value instanceof Error) throw value;
  const handler = createWebhookHandler({ secret: SECRET, telemetry });
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

/** `openTelemetry()` with @opentelemetry/api installed but no SDK registered: every call a no-op. */
async function otelApiListener() {
  const openTelemetry = await sdkExport('otel', 'openTelemetry');
  if (openTelemetry instanceof Error) throw openTelemetry;
  return sdkListener(openTelemetry());
}

/**
 * `openTelemetry()` with the OpenTelemetry SDK registered as the Node SDK would (async context, W3C
 * propagation), every span sampled and batched, metrics aggregated, and exporters that drop everything:
 * the SDK's own cost, without a collector.
 */
async function otelSdkListener() {
  const { context, metrics, propagation, trace } = await import('@opentelemetry/api');
  const { AsyncLocalStorageContextManager } = await import('@opentelemetry/context-async-hooks');
  const { W3CTraceContextPropagator, ExportResultCode } = await import('@opentelemetry/core');
  const { BasicTracerProvider, BatchSpanProcessor } = await import('@opentelemetry/sdk-trace-base');
  const { MeterProvider, PeriodicExportingMetricReader, AggregationTemporality } = await import(
    '@opentelemetry/sdk-metrics'
  );
  const done = (callback) => callback({ code: ExportResultCode.SUCCESS });
  const spanExporter = { export: (_spans, callback) => done(callback), shutdown: async () => {} };
  const metricExporter = {
    export: (_metrics, callback) => done(callback),
    forceFlush: async () => {},
    shutdown: async () => {},
    selectAggregationTemporality: () => AggregationTemporality.CUMULATIVE,
  };
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(
    new BasicTracerProvider({ spanProcessors: [new BatchSpanProcessor(spanExporter)] }),
  );
  metrics.setGlobalMeterProvider(
    new MeterProvider({
      readers: [new PeriodicExportingMetricReader({ exporter: metricExporter, exportIntervalMillis: 1000 })],
    }),
  );
  return otelApiListener();
}

const listeners = {
  floor: floorListener,
  sdk: () => sdkListener(undefined),
  bot: botListener,
  'sdk-otel-api': otelApiListener,
  'sdk-otel-sdk': otelSdkListener,
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

// Verify + parse (+ validate) one 1 KiB delivery: what a receiver does before it can use the event.
import { createHmac, timingSafeEqual } from 'node:crypto';
import Stripe from 'stripe';
import { eventBody, eventId, momotalkHeaders, SECRET } from '../lib/fixtures.mjs';
import { measureInterleaved } from '../lib/rounds.mjs';
import { sdkExport } from '../lib/sdk.mjs';

const STRIPE_SECRET = 'whsec_bench_0123456789abcdef';

/** @param {{ quick: boolean }} options */
export async function run({ quick }) {
  const constructWebhookEvent = await sdkExport('', 'constructWebhookEvent');
  const constructWebhookEventAsync = await sdkExport('', 'constructWebhookEventAsync');
  const createWebhookHandler = await sdkExport('', 'createWebhookHandler');
  const openTelemetry = await sdkExport('otel', 'openTelemetry');
  const recordingSdk = await noopExportingSdk();
  const stripe = new Stripe('sk_test_bench');
  const rounds = quick ? 3 : 21;
  const sliceMs = quick ? 50 : 100;

  const id = eventId(1);
  const text = eventBody(1024, id);
  const buffer = Buffer.from(text);
  const headers = momotalkHeaders(buffer, id); // a plain object, as Node's req.headers
  const hex = headers['x-momotalk-bot-signature'];
  const stripeHeader = stripe.webhooks.generateTestHeaderString({ payload: text, secret: STRIPE_SECRET });

  const rows = [
    {
      id: 'floor',
      label: 'createHmac + timingSafeEqual + JSON.parse',
      role: 'floor',
      fn: () => {
        const expected = createHmac('sha256', SECRET).update(buffer).digest();
        if (!timingSafeEqual(expected, Buffer.from(hex, 'hex'))) return undefined;
        return JSON.parse(buffer.toString('utf8'));
      },
    },
    {
      id: 'sdk',
      label: 'constructWebhookEvent',
      note: 'verify + parse + zod validation + id header checks',
      role: 'sdk',
      fn:
        constructWebhookEvent instanceof Error
          ? constructWebhookEvent
          : () => constructWebhookEvent(buffer, headers, SECRET),
    },
    {
      id: 'sdk-async',
      label: 'constructWebhookEventAsync (Web Crypto)',
      role: 'sdk',
      async: true,
      fn:
        constructWebhookEventAsync instanceof Error
          ? constructWebhookEventAsync
          : () => constructWebhookEventAsync(buffer, headers, SECRET),
    },
    {
      id: 'sdk-pipeline',
      label: 'createWebhookHandler pipeline, no HTTP',
      role: 'sdk',
      async: true,
      note:
        'handleDelivery() on an in-memory delivery: everything the handler does per delivery except HTTP ' +
        '(dedupe: false, since the same delivery repeats)',
      fn:
        createWebhookHandler instanceof Error
          ? createWebhookHandler
          : pipeline(createWebhookHandler, buffer, headers),
    },
    {
      id: 'sdk-pipeline-otel-api',
      label: 'the same pipeline with telemetry: openTelemetry(), no OpenTelemetry SDK registered',
      role: 'variant',
      async: true,
      note: '@opentelemetry/api installed, nothing registered: the default cost of turning telemetry on',
      fn:
        createWebhookHandler instanceof Error || openTelemetry instanceof Error
          ? new Error('momotalk-bot-sdk/otel is not built')
          : pipeline(createWebhookHandler, buffer, headers, openTelemetry()),
    },
    {
      id: 'sdk-pipeline-otel-sdk',
      label: 'the same pipeline with the OpenTelemetry SDK, every delivery sampled, no-op exporters',
      role: 'variant',
      async: true,
      note: '6 spans per delivery through a BatchSpanProcessor, metrics aggregated, nothing sent (providers passed, not registered globally, so the row above stays unregistered)',
      fn:
        createWebhookHandler instanceof Error || openTelemetry instanceof Error
          ? new Error('momotalk-bot-sdk/otel is not built')
          : pipeline(createWebhookHandler, buffer, headers, openTelemetry(recordingSdk)),
    },
    {
      id: 'stripe',
      label: 'stripe webhooks.constructEvent',
      note: 'verify + parse, no validation',
      role: 'peer',
      fn: () => stripe.webhooks.constructEvent(buffer, stripeHeader, STRIPE_SECRET),
    },
  ];
  const runnable = rows.filter((row) => !(row.fn instanceof Error));
  const samples = await measureInterleaved(
    runnable.map((row) => ({ id: row.id, fn: row.fn, async: row.async === true })),
    { rounds, sliceMs },
  );
  return {
    id: 'construct',
    title: 'Verify + parse + validate one event',
    unit: 'ops/CPU-s',
    higherIsBetter: true,
    method:
      `In-process, ${rounds} interleaved rounds, ${sliceMs} ms of CPU time per contestant per round ` +
      '(operations per CPU-second of the process), one 1 KiB ' +
      'talk.message_created body as a Buffer with Node-style headers. The SDK also validates the event against ' +
      'its zod schema and checks the id headers; the floor and Stripe only parse.',
    groups: [
      {
        id: '1KiB',
        title: '1 KiB talk.message_created',
        floor: 'floor',
        primary: 'sdk',
        rows: finish(rows, samples),
      },
    ],
  };
}

/** One delivery through the handler's pipeline, as an adapter would hand it over, minus the socket. */
function pipeline(createWebhookHandler, buffer, headers, telemetry) {
  const handler = createWebhookHandler({ secret: SECRET, dedupe: false, telemetry });
  handler.on('talk.message_created', () => {});
  const delivery = {
    method: 'POST',
    url: '/webhook',
    header: (name) => headers[name],
    readBody: async () => buffer,
  };
  return async () => (await handler.handleDelivery(delivery)).status === 200;
}

/** A tracer and a meter provider of the OpenTelemetry SDK whose exporters drop everything. */
async function noopExportingSdk() {
  const { ExportResultCode } = await import('@opentelemetry/core');
  const { BasicTracerProvider, BatchSpanProcessor } = await import('@opentelemetry/sdk-trace-base');
  const { MeterProvider, PeriodicExportingMetricReader, AggregationTemporality } = await import(
    '@opentelemetry/sdk-metrics'
  );
  const done = (callback) => callback({ code: ExportResultCode.SUCCESS });
  const spans = { export: (_spans, callback) => done(callback), shutdown: async () => {} };
  const metrics = {
    export: (_metrics, callback) => done(callback),
    forceFlush: async () => {},
    shutdown: async () => {},
    selectAggregationTemporality: () => AggregationTemporality.CUMULATIVE,
  };
  const reader = new PeriodicExportingMetricReader({ exporter: metrics, exportIntervalMillis: 1000 });
  return {
    tracerProvider: new BasicTracerProvider({ spanProcessors: [new BatchSpanProcessor(spans)] }),
    meterProvider: new MeterProvider({ readers: [reader] }),
  };
}

function finish(rows, samples) {
  return rows.map(({ fn, async: _async, ...row }) =>
    fn instanceof Error ? { ...row, error: fn.message } : { ...row, samples: samples.get(row.id) },
  );
}

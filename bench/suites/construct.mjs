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
function pipeline(createWebhookHandler, buffer, headers) {
  const handler = createWebhookHandler({ secret: SECRET, dedupe: false });
  handler.on('talk.message_created', () => {});
  const delivery = {
    method: 'POST',
    url: '/webhook',
    header: (name) => headers[name],
    readBody: async () => buffer,
  };
  return async () => (await handler.handleDelivery(delivery)).status === 200;
}

function finish(rows, samples) {
  return rows.map(({ fn, async: _async, ...row }) =>
    fn instanceof Error ? { ...row, error: fn.message } : { ...row, samples: samples.get(row.id) },
  );
}

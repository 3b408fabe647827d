// Signature verification of one delivery, 1 KiB and 64 KiB bodies, every contestant on the same bytes.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { validateSignature } from '@line/bot-sdk';
import { verify as octokitVerify } from '@octokit/webhooks-methods';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import Stripe from 'stripe';
import { eventBody, SECRET, signBase64, signGithub, signHex } from '../lib/fixtures.mjs';
import { measureInterleaved } from '../lib/rounds.mjs';
import { sdkExport } from '../lib/sdk.mjs';

const SIZES = [
  { id: '1KiB', title: '1 KiB body', bytes: 1024 },
  { id: '64KiB', title: '64 KiB body', bytes: 64 * 1024 },
];

const STRIPE_SECRET = 'whsec_bench_0123456789abcdef';
const STANDARD_SECRET = `whsec_${Buffer.from(SECRET).toString('base64')}`;

/** @param {{ quick: boolean }} options */
export async function run({ quick }) {
  const verifyWebhook = await sdkExport('', 'verifyWebhook');
  const verifyWebhookAsync = await sdkExport('', 'verifyWebhookAsync');
  const stripe = new Stripe('sk_test_bench');
  const standard = new StandardWebhook(STANDARD_SECRET);
  const rounds = quick ? 3 : 21;
  const sliceMs = quick ? 50 : 100;

  const groups = [];
  for (const size of SIZES) {
    const text = eventBody(size.bytes);
    const buffer = Buffer.from(text);
    const hex = signHex(buffer);
    const base64 = signBase64(buffer);
    const github = signGithub(buffer);
    const stripeHeader = stripe.webhooks.generateTestHeaderString({ payload: text, secret: STRIPE_SECRET });
    const msgId = 'msg_bench';
    const standardHeaders = {
      'webhook-id': msgId,
      'webhook-timestamp': String(Math.floor(Date.now() / 1000)),
      'webhook-signature': standard.sign(msgId, new Date(), text),
    };

    const rows = [
      {
        id: 'floor',
        label: 'createHmac + timingSafeEqual',
        role: 'floor',
        fn: () =>
          timingSafeEqual(createHmac('sha256', SECRET).update(buffer).digest(), Buffer.from(hex, 'hex')),
      },
      {
        id: 'sdk-sync',
        label: 'verifyWebhook',
        role: 'sdk',
        fn: verifyWebhook instanceof Error ? verifyWebhook : () => verifyWebhook(buffer, hex, SECRET),
      },
      {
        id: 'sdk-async',
        label: 'verifyWebhookAsync (Web Crypto)',
        role: 'sdk',
        async: true,
        fn:
          verifyWebhookAsync instanceof Error
            ? verifyWebhookAsync
            : () => verifyWebhookAsync(buffer, hex, SECRET),
      },
      {
        id: 'line',
        label: '@line/bot-sdk validateSignature',
        role: 'peer',
        fn: () => validateSignature(buffer, SECRET, base64),
      },
      {
        id: 'octokit',
        label: '@octokit/webhooks-methods verify',
        role: 'peer',
        async: true,
        note: 'async API; takes a string body',
        fn: () => octokitVerify(SECRET, text, github),
      },
      {
        id: 'stripe',
        label: 'stripe webhooks.constructEvent',
        role: 'peer',
        note: 'also JSON.parses the body (no verify-only call)',
        fn: () => stripe.webhooks.constructEvent(buffer, stripeHeader, STRIPE_SECRET),
      },
      {
        id: 'standardwebhooks',
        label: 'standardwebhooks verify',
        role: 'peer',
        note: 'jsonParse: false; pure-JS SHA-256',
        fn: () => {
          standard.verify(buffer, standardHeaders, { jsonParse: false });
          return true;
        },
      },
    ];
    const runnable = rows.filter((row) => !(row.fn instanceof Error));
    const samples = await measureInterleaved(
      runnable.map((row) => ({ id: row.id, fn: row.fn, async: row.async === true })),
      { rounds, sliceMs },
    );
    groups.push({
      id: size.id,
      title: size.title,
      floor: 'floor',
      rows: rows.map(({ fn, async: _async, ...row }) =>
        fn instanceof Error ? { ...row, error: fn.message } : { ...row, samples: samples.get(row.id) },
      ),
    });
  }

  return {
    id: 'verify',
    title: 'Signature verification',
    unit: 'ops/CPU-s',
    higherIsBetter: true,
    method:
      `In-process, ${rounds} interleaved rounds (contestant order rotated each round, one warm-up round), ` +
      `${sliceMs} ms of CPU time per contestant per round, figures in operations per CPU-second of the process; the same body bytes for everyone, each library's own signature format.`,
    groups,
  };
}

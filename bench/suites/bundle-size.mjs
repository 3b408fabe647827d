// Bundle size of small, realistic apps, as an edge deployment would ship them: esbuild, bundled,
// minified, platform neutral (Worker-style conditions), gzip level 9. Node built-ins stay external
// (and are listed), since an edge runtime provides them or the app cannot run there at all.
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { sdkDir } from '../lib/sdk.mjs';

// From inside the package (or its snapshot), `momotalk-bot-sdk` resolves to the package itself through
// its exports map, and the peers resolve from the repository's node_modules further up.
const resolveDir = sdkDir ?? fileURLToPath(new URL('.', import.meta.url));
const external = [...builtinModules, ...builtinModules.map((name) => `node:${name}`)];

const APPS = {
  webhook: {
    title: 'Webhook-only app: verify + parse one delivery',
    rows: [
      {
        id: 'sdk-construct',
        label: 'momotalk-bot-sdk constructWebhookEvent',
        role: 'sdk',
        source: `import { constructWebhookEvent } from 'momotalk-bot-sdk';
export default { async fetch(request, env) {
  const event = await constructWebhookEvent(await request.text(), request.headers, env.SECRET);
  return Response.json({ ok: true, type: event.event_type });
} };`,
      },
      {
        id: 'sdk-handler',
        label: 'momotalk-bot-sdk createWebhookHandler',
        role: 'sdk',
        source: `import { createWebhookHandler } from 'momotalk-bot-sdk';
export default { fetch(request, env) {
  const handler = createWebhookHandler({ secret: env.SECRET });
  handler.on('talk.message_created', (event) => console.log(event.message.body));
  return handler(request);
} };`,
      },
      {
        id: 'octokit',
        label: '@octokit/webhooks verifyAndReceive',
        role: 'peer',
        source: `import { Webhooks } from '@octokit/webhooks';
export default { async fetch(request, env) {
  const webhooks = new Webhooks({ secret: env.SECRET });
  webhooks.on('issues', (event) => console.log(event.id));
  await webhooks.verifyAndReceive({ id: request.headers.get('x-github-delivery'), name: request.headers.get('x-github-event'), payload: await request.text(), signature: request.headers.get('x-hub-signature-256') });
  return Response.json({ ok: true });
} };`,
      },
      {
        id: 'line',
        label: '@line/bot-sdk validateSignature + JSON.parse',
        role: 'peer',
        source: `import { validateSignature } from '@line/bot-sdk';
export default { async fetch(request, env) {
  const body = await request.text();
  if (!validateSignature(body, env.SECRET, request.headers.get('x-line-signature'))) return new Response(null, { status: 401 });
  return Response.json({ ok: true, events: JSON.parse(body).events.length });
} };`,
      },
      {
        id: 'stripe',
        label: 'stripe constructEventAsync',
        role: 'peer',
        source: `import Stripe from 'stripe';
export default { async fetch(request, env) {
  const stripe = new Stripe(env.KEY);
  const event = await stripe.webhooks.constructEventAsync(await request.text(), request.headers.get('stripe-signature'), env.SECRET);
  return Response.json({ ok: true, type: event.type });
} };`,
      },
      {
        id: 'standardwebhooks',
        label: 'standardwebhooks verify',
        role: 'peer',
        source: `import { Webhook } from 'standardwebhooks';
export default { async fetch(request, env) {
  const event = new Webhook(env.SECRET).verify(await request.text(), Object.fromEntries(request.headers));
  return Response.json({ ok: true, type: event.type });
} };`,
      },
    ],
  },
  bot: {
    title: 'Full bot: receive a delivery, send a reply',
    rows: [
      {
        id: 'sdk-bot',
        label: 'momotalk-bot-sdk handler + BotClient',
        role: 'sdk',
        source: `import { BotClient, createWebhookHandler } from 'momotalk-bot-sdk';
export default { fetch(request, env) {
  const client = new BotClient({ botId: env.BOT_ID, token: env.TOKEN });
  const handler = createWebhookHandler({ secret: env.SECRET });
  handler.on('talk.message_created', (event) => client.reply(event, 'Echo: ' + event.message.body));
  return handler(request);
} };`,
      },
      {
        id: 'line-bot',
        label: '@line/bot-sdk validateSignature + pushMessage',
        role: 'peer',
        source: `import { messagingApi, validateSignature } from '@line/bot-sdk';
export default { async fetch(request, env) {
  const body = await request.text();
  if (!validateSignature(body, env.SECRET, request.headers.get('x-line-signature'))) return new Response(null, { status: 401 });
  const client = new messagingApi.MessagingApiClient({ channelAccessToken: env.TOKEN });
  for (const event of JSON.parse(body).events) await client.pushMessage({ to: event.source.userId, messages: [{ type: 'text', text: 'Echo' }] });
  return Response.json({ ok: true });
} };`,
      },
      {
        id: 'slack-bot',
        label: '@slack/web-api chat.postMessage (send only)',
        role: 'peer',
        note: 'sending only; Slack request verification lives in another package',
        source: `import { WebClient } from '@slack/web-api';
export default { async fetch(request, env) {
  const client = new WebClient(env.TOKEN);
  await client.chat.postMessage({ channel: 'C0', text: await request.text() });
  return Response.json({ ok: true });
} };`,
      },
    ],
  },
};

async function measure(source) {
  const result = await build({
    stdin: { contents: source, resolveDir, sourcefile: 'app.mjs', loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    conditions: ['workerd', 'worker', 'browser'],
    mainFields: ['browser', 'module', 'main'],
    external,
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0].contents;
  // Only modules with code in the output count (a module reached by a dynamic import that tree-shaking
  // removed is listed in the metafile's inputs with 0 bytes in the output).
  const output = Object.values(result.metafile.outputs)[0];
  const inputs = Object.entries(output.inputs)
    .filter(([, input]) => input.bytesInOutput > 0)
    .map(([path]) => path);
  const builtins = new Set();
  for (const input of Object.values(result.metafile.inputs)) {
    for (const imported of input.imports) if (imported.external) builtins.add(imported.path);
  }
  const byPackage = new Map();
  for (const [path, input] of Object.entries(output.inputs)) {
    if (path.endsWith('app.mjs')) continue; // the app's own few lines
    const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
    const name = match ? match[1] : /(^|\/)dist\//.test(path) ? 'momotalk-bot-sdk' : path;
    byPackage.set(name, (byPackage.get(name) ?? 0) + input.bytesInOutput);
  }
  const largest = [...byPackage.entries()]
    .filter(([, bytes]) => bytes > 0)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 4)
    .map(([name, bytes]) => `${name} ${(bytes / 1000).toFixed(1)}`);
  return {
    largest,
    bytes: code.byteLength,
    gzip: gzipSync(code, { level: 9 }).byteLength,
    containsKy: inputs.some((path) => /(^|\/)node_modules\/ky\//.test(path)),
    containsZod: inputs.some((path) => /(^|\/)node_modules\/zod\//.test(path)),
    builtins: [...builtins].sort(),
  };
}

export async function run() {
  const groups = [];
  for (const [id, app] of Object.entries(APPS)) {
    const rows = [];
    for (const { source, ...row } of app.rows) {
      try {
        const size = await measure(source);
        rows.push({
          ...row,
          samples: [size.gzip / 1000],
          metrics: {
            gzipKB: size.gzip / 1000,
            minifiedKB: size.bytes / 1000,
            containsKy: size.containsKy,
            containsZod: size.containsZod,
            builtins: size.builtins,
            largest: size.largest,
          },
        });
      } catch (error) {
        const first = error.errors?.[0];
        rows.push({ ...row, error: `esbuild: ${first ? first.text : error.message}` });
      }
    }
    groups.push({ id, title: app.title, floor: null, rows });
  }
  return {
    id: 'bundle-size',
    title: 'Bundle size',
    unit: 'KB gzip',
    higherIsBetter: false,
    method:
      'esbuild, bundle + minify, format esm, platform neutral with Worker conditions (workerd, worker, browser), ' +
      'gzip -9; 1 KB = 1000 bytes. Node built-ins are left external and listed where a bundle imports them ' +
      '(such an app needs nodejs_compat or Node).',
    groups,
  };
}

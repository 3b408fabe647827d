#!/usr/bin/env node
// Bun, Deno and Cloudflare workerd (through miniflare, with and without nodejs_compat), against the packed
// tarball installed in the consumer project: each runs the shared bot (consumers/scenario.cjs), which
// verifies and routes a signed delivery through createWebhookHandler and sends messages with BotClient
// to a loopback Bot API on 127.0.0.1. Where node:crypto is absent (workerd without nodejs_compat) the
// check requires that the SDK took the Web Crypto path by itself.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { Miniflare } from 'miniflare';
import {
  BIN,
  CONSUMER,
  checkScenario,
  fail,
  finish,
  ok,
  parseReport,
  prepareConsumer,
  ROOT,
  run,
  skip,
  startLoopbackApi,
  WORK,
} from './lib.mjs';

/**
 * workerd configurations. A fixed compatibility date keeps the check reproducible. Under nodejs_compat,
 * workerd has a global `process` with `getBuiltinModule` from compatibility date 2024-09-23
 * (nodejs_compat_v2); before that date, or without the flag, there is no `process` and the SDK must fall
 * back to Web Crypto by itself.
 */
const WORKERD_CONFIGS = [
  { label: 'without nodejs_compat', date: '2026-04-01', flags: [], nodeCrypto: false },
  { label: 'with nodejs_compat', date: '2026-04-01', flags: ['nodejs_compat'], nodeCrypto: true },
  {
    label: 'with nodejs_compat, date 2024-09-22 (no process)',
    date: '2024-09-22',
    flags: ['nodejs_compat'],
    nodeCrypto: false,
  },
];

async function checkBinary(name, args, expectNodeCrypto, api) {
  const bin = join(BIN, name);
  if (!existsSync(bin)) {
    skip(`${name}: node_modules/.bin/${name} is missing (devDependency not installed)`);
    return;
  }
  const version = /\d+\.\d+\.\d+/.exec((await run(bin, ['--version'])).stdout)?.[0] ?? '?';
  for (const [app, kind, extra] of args) {
    const label = `${name} ${version} ${kind}`;
    const result = await run(bin, [...extra, app, label, api.baseUrl], {
      env: { ...process.env, DENO_DIR: join(WORK, 'deno-dir'), DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' },
    });
    if (result.stderr.trim() !== '') fail(`${label}: printed to stderr`, result.stderr);
    checkScenario(label, parseReport(label, result), api, { expectNodeCrypto });
  }
}

async function checkWorkerd(api) {
  const outfile = join(CONSUMER, 'dist-worker/worker.mjs');
  mkdirSync(join(CONSUMER, 'dist-worker'), { recursive: true });
  // What wrangler does: bundle for workerd's conditions, ESM output.
  let build;
  try {
    build = await esbuild.build({
      entryPoints: [join(CONSUMER, 'worker.mjs')],
      outfile,
      bundle: true,
      format: 'esm',
      platform: 'neutral',
      target: 'es2022',
      conditions: ['workerd', 'worker', 'browser'],
      mainFields: ['module', 'main'],
      logLevel: 'silent',
    });
  } catch (error) {
    fail('workerd: the worker does not bundle for platform neutral', error.message);
    return;
  }
  if (build.warnings.length > 0) {
    const text = await esbuild.formatMessages(build.warnings, { kind: 'warning', color: false });
    fail('workerd: bundling the worker printed warnings', text.join('\n'));
  }
  const workerd = JSON.parse(readFileSync(join(ROOT, 'node_modules/workerd/package.json'), 'utf8')).version;
  for (const config of WORKERD_CONFIGS) {
    const label = `workerd ${workerd} (miniflare) ${config.label}`;
    const mf = new Miniflare({
      modules: true,
      scriptPath: outfile,
      compatibilityDate: config.date,
      compatibilityFlags: config.flags,
    });
    try {
      const url = new URL('http://worker.test/');
      url.searchParams.set('label', label);
      url.searchParams.set('baseUrl', api.baseUrl);
      const response = await mf.dispatchFetch(url);
      const text = await response.text();
      checkScenario(label, parseReport(label, { code: response.status, stdout: text, stderr: '' }), api, {
        expectNodeCrypto: config.nodeCrypto,
      });
    } catch (error) {
      fail(label, error.stack);
    } finally {
      await mf.dispose();
    }
  }
}

prepareConsumer();
const api = await startLoopbackApi();
try {
  await checkBinary(
    'bun',
    [
      ['esm-app.mjs', 'ESM', []],
      ['cjs-app.cjs', 'CommonJS', []],
    ],
    true,
    api,
  );
  await checkBinary(
    'deno',
    [['deno-app.mjs', 'npm: specifier', ['run', '--no-prompt', '--cached-only', '--allow-net=127.0.0.1']]],
    true,
    api,
  );
  await checkWorkerd(api);
} finally {
  await api.close();
}
ok('loopback Bot API closed');
finish('Bun, Deno, workerd');

// Bun, Deno and Cloudflare workerd (through miniflare, with and without nodejs_compat) against the packed
// tarball installed in the consumer project: each runs the bot of test/fixtures/consumers/scenario.cjs,
// which verifies and routes a signed delivery through createWebhookHandler and sends with BotClient to a
// loopback Bot API on 127.0.0.1. Where node:crypto is absent (workerd without nodejs_compat) the SDK must
// take the Web Crypto path by itself.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BIN, CONSUMER, prepareConsumer, ROOT, run, WORK } from '../package/support/consumer.js';
import {
  type LoopbackApi,
  parseReport,
  scenarioProblems,
  startLoopbackApi,
} from '../package/support/scenario.js';
import { notCheckedHere } from '../support/index.js';

let api: LoopbackApi;
beforeAll(async () => {
  await prepareConsumer();
  api = await startLoopbackApi();
});
afterAll(() => api?.close());

const binaries = [
  { name: 'bun', app: 'esm-app.mjs', kind: 'ESM', args: [] },
  { name: 'bun', app: 'cjs-app.cjs', kind: 'CommonJS', args: [] },
  {
    name: 'deno',
    app: 'deno-app.mjs',
    kind: 'npm: specifier',
    args: ['run', '--no-prompt', '--cached-only', '--allow-net=127.0.0.1'],
  },
];

describe.each(binaries)('$name, $kind', ({ name, app, args }) => {
  test('the bot verifies, routes and replies through the loopback Bot API (node:crypto present)', async (context) => {
    const bin = join(BIN, name);
    if (!existsSync(bin)) return notCheckedHere(context, `node_modules/.bin/${name} is missing`);
    const result = await run(bin, [...args, app, `${name} ${app}`, api.baseUrl], {
      env: { ...process.env, DENO_DIR: join(WORK, 'deno-dir'), DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' },
    });
    expect(result.stderr.trim(), 'printed to stderr').toBe('');
    expect(scenarioProblems(parseReport(result), api, { expectNodeCrypto: true })).toEqual([]);
  });
});

/**
 * A fixed compatibility date keeps the check reproducible. Under nodejs_compat, workerd has a global
 * `process` with `getBuiltinModule` from compatibility date 2024-09-23 (nodejs_compat_v2); before that date,
 * or without the flag, there is no `process` and the SDK must fall back to Web Crypto by itself.
 */
const workerdConfigs = [
  { label: 'without nodejs_compat', date: '2026-04-01', flags: [], nodeCrypto: false },
  { label: 'with nodejs_compat', date: '2026-04-01', flags: ['nodejs_compat'], nodeCrypto: true },
  {
    label: 'with nodejs_compat, date 2024-09-22 (no process)',
    date: '2024-09-22',
    flags: ['nodejs_compat'],
    nodeCrypto: false,
  },
];

describe('workerd (miniflare), the bot bundled by esbuild as wrangler does', () => {
  const outfile = join(CONSUMER, 'dist-worker/worker.mjs');

  test('the worker bundles for platform neutral without warnings', async () => {
    mkdirSync(join(CONSUMER, 'dist-worker'), { recursive: true });
    const build = await esbuild.build({
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
    const warnings = await esbuild.formatMessages(build.warnings, { kind: 'warning', color: false });
    expect(warnings).toEqual([]);
  });

  const workerd = JSON.parse(readFileSync(join(ROOT, 'node_modules/workerd/package.json'), 'utf8')).version;
  test.each(workerdConfigs)(`workerd ${workerd} $label`, async ({ label, date, flags, nodeCrypto }) => {
    expect(existsSync(outfile), 'the worker was not bundled').toBe(true);
    const mf = new Miniflare({
      modules: true,
      scriptPath: outfile,
      compatibilityDate: date,
      compatibilityFlags: flags,
    });
    try {
      const url = new URL('http://worker.test/');
      url.searchParams.set('label', `workerd ${label}`);
      url.searchParams.set('baseUrl', api.baseUrl);
      const response = await mf.dispatchFetch(url);
      const report = parseReport({ code: response.status, stdout: await response.text(), stderr: '' });
      expect(scenarioProblems(report, api, { expectNodeCrypto: nodeCrypto })).toEqual([]);
    } finally {
      await mf.dispose();
    }
  });
});

// esbuild bundles, the way an edge deployment builds them (platform neutral, minified, ESM), of the apps in
// test/fixtures/consumers/bundles importing the packed tarball: they build without warnings, webhook-only
// apps contain neither ky nor the bot layer, and each gzip size stays within test/package/size-budget.json.
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';
import { beforeAll, describe, expect, test } from 'vitest';
import { notCheckedHere } from '../support/index.js';
import budgets from './size-budget.json' with { type: 'json' };
import { absentExports, CONSUMER, FIXTURES, prepareConsumer } from './support/consumer.js';

let root: Record<string, unknown>;
beforeAll(async () => {
  root = await prepareConsumer();
});

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
const apps = readdirSync(join(FIXTURES, 'bundles'))
  .filter((file) => file.endsWith('.mjs'))
  .sort();

describe.each(apps)('bundle %s', (file) => {
  const name = basename(file, '.mjs');
  test('builds without warnings, within its gzip budget, ky only where the client is used', async (context) => {
    const absent = absentExports(readFileSync(join(FIXTURES, 'bundles', file), 'utf8'), root);
    if (absent.length > 0)
      return notCheckedHere(context, `${name}: the package does not export ${absent.join(', ')}`);
    const budget = (budgets as Record<string, { maxGzipBytes: number } | string>)[name];
    if (typeof budget !== 'object') throw new Error(`no budget for ${name} in test/package/size-budget.json`);
    const result = await esbuild.build({
      entryPoints: [join(CONSUMER, 'bundles', file)],
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'neutral',
      target: 'es2022',
      mainFields: ['module', 'main'],
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    expect(await esbuild.formatMessages(result.warnings, { kind: 'warning', color: false })).toEqual([]);
    const contents = result.outputFiles[0]?.contents ?? new Uint8Array();
    const gzip = gzipSync(contents, { level: 9 }).length;
    const byPackage = new Map<string, number>();
    for (const output of Object.values(result.metafile.outputs)) {
      for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
        const key = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1] ?? input;
        byPackage.set(key, (byPackage.get(key) ?? 0) + bytesInOutput);
      }
    }
    const parts = [...byPackage].sort((a, b) => b[1] - a[1]).map(([key, bytes]) => `${key} ${kib(bytes)}`);
    console.log(
      `bundle ${name}: ${kib(gzip)} gzip (${gzip} B; budget ${kib(budget.maxGzipBytes)}) [${parts.join(', ')}]`,
    );
    if (name.startsWith('webhook')) {
      expect(byPackage.has('ky'), 'a webhook-only app bundles ky').toBe(false);
      // The bot layer (Bot, Composer) must tree-shake out of apps that do not use it; its next() guard's
      // message is in every bundle that keeps it.
      const text = new TextDecoder().decode(contents);
      expect(text.includes('was called twice by'), 'a webhook-only app bundles the bot layer').toBe(false);
    }
    expect(gzip, `gzip bytes of ${name}`).toBeLessThanOrEqual(budget.maxGzipBytes);
  });
});

#!/usr/bin/env node
// esbuild bundles, the way an edge deployment builds them (platform neutral, minified, ESM), of the apps
// in scripts/runtimes/consumers/bundles, importing the packed tarball: they must build without warnings,
// webhook-only apps must not contain ky or the bot layer, and each gzip size must stay within scripts/runtimes/size-budget.json.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';
import { CONSUMER, fail, finish, ok, prepareConsumer, ROOT, skip } from './lib.mjs';

const budgets = JSON.parse(readFileSync(join(ROOT, 'scripts/runtimes/size-budget.json'), 'utf8'));
prepareConsumer();
const requireFromConsumer = createRequire(join(CONSUMER, 'package.json'));
const root = await import(pathToFileURL(requireFromConsumer.resolve('momotalk-bot-sdk')).href);
const dir = join(CONSUMER, 'bundles');
const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;

for (const file of readdirSync(dir)
  .filter((name) => name.endsWith('.mjs'))
  .sort()) {
  const name = basename(file, '.mjs');
  const source = readFileSync(join(dir, file), 'utf8');
  const absent = (/^\/\/ requires: (.+)$/m.exec(source)?.[1].split(/,\s*/) ?? []).filter((n) => !(n in root));
  if (absent.length > 0) {
    skip(`bundle ${name}: the package does not export ${absent.join(', ')} yet`);
    continue;
  }
  const budget = budgets[name];
  if (!budget) {
    fail(`bundle ${name}: no budget in scripts/runtimes/size-budget.json`);
    continue;
  }
  let result;
  try {
    result = await esbuild.build({
      entryPoints: [join(dir, file)],
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
  } catch (error) {
    fail(`bundle ${name}: esbuild failed`, error.message);
    continue;
  }
  if (result.warnings.length > 0) {
    const text = await esbuild.formatMessages(result.warnings, { kind: 'warning', color: false });
    fail(`bundle ${name}: esbuild warnings`, text.join('\n'));
  }
  const [output] = result.outputFiles;
  const gzip = gzipSync(output.contents, { level: 9 }).length;
  const [meta] = Object.values(result.metafile.outputs);
  const byPackage = new Map();
  for (const [input, { bytesInOutput }] of Object.entries(meta.inputs)) {
    const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
    const key = match ? match[1] : input;
    byPackage.set(key, (byPackage.get(key) ?? 0) + bytesInOutput);
  }
  const parts = [...byPackage].sort((a, b) => b[1] - a[1]).map(([key, bytes]) => `${key} ${kib(bytes)}`);
  if (name.startsWith('webhook') && byPackage.has('ky'))
    fail(`bundle ${name}: a webhook-only app bundles ky`);
  // The bot layer (Bot, Composer) must tree-shake out of apps that do not use it; its next() guard's
  // message is in every bundle that keeps it.
  if (name.startsWith('webhook') && new TextDecoder().decode(output.contents).includes('was called twice by'))
    fail(`bundle ${name}: a webhook-only app bundles the bot layer`);
  const line = `bundle ${name}: ${kib(gzip)} gzip (${gzip} B; budget ${kib(budget.maxGzipBytes)}), ${kib(output.contents.length)} minified [${parts.join(', ')}]`;
  if (gzip > budget.maxGzipBytes) fail(`${line}: over budget`);
  else ok(line);
}
finish('edge bundles');

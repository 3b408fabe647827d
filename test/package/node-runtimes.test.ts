// Node 22 (the engines floor, installed from the npm registry into .tmp) and Node 24 (the `node`
// devDependency) against the packed tarball installed in a consumer project: `import` and `require` of every
// subpath export, each in a fresh process, with nothing on stderr (no ExperimentalWarning, no deprecation,
// with --pending-deprecation on); an ESM and a CommonJS bot that verify and route a signed delivery and send
// with BotClient to a loopback Bot API; the CLI linked with a shebang.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { notCheckedHere } from '../support/index.js';
import { BIN, CONSUMER, exportSpecifiers, pkg, prepareConsumer, run, WORK } from './support/consumer.js';
import { type LoopbackApi, parseReport, scenarioProblems, startLoopbackApi } from './support/scenario.js';

/** The lowest Node 22 that package.json `engines` admits (require(esm) unflagged, getBuiltinModule). */
const NODE22 = '22.12.0';
const FLAGS = ['--pending-deprecation'];
const env = { ...process.env, NODE_OPTIONS: '' };

let api: LoopbackApi;
beforeAll(async () => {
  await prepareConsumer();
  api = await startLoopbackApi();
});
afterAll(() => api?.close());

/** Node 22.12.0 from the npm registry (the `node` package fetches its binary, also from the registry). */
async function installNode22(): Promise<string> {
  const prefix = join(WORK, `node-${NODE22}`);
  const bin = join(prefix, 'node_modules/node/bin/node');
  if (existsSync(bin)) return bin;
  mkdirSync(prefix, { recursive: true });
  // Its preinstall script is approved here the way the root package.json approves its own.
  writeFileSync(
    join(prefix, 'package.json'),
    JSON.stringify({ private: true, allowScripts: { node: true } }),
  );
  const install = await run(
    'npm',
    ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--prefer-offline', `node@${NODE22}`],
    { cwd: WORK, timeout: 180_000 },
  );
  if (install.code !== 0 || !existsSync(bin)) {
    throw new Error(`could not install node@${NODE22} from the npm registry\n${install.stderr}`);
  }
  return bin;
}

async function node24(): Promise<string> {
  const bin = join(BIN, 'node');
  if (!existsSync(bin)) throw new Error('node_modules/.bin/node is missing (devDependency not installed)');
  return bin;
}

const runtimes = [
  { label: 'Node 24 (the node devDependency)', version: /^v24\./, binary: node24 },
  { label: `Node ${NODE22} (the engines floor)`, version: new RegExp(`^v${NODE22}$`), binary: installNode22 },
];

for (const runtime of runtimes) {
  describe.concurrent(runtime.label, () => {
    let node: string | undefined;
    let unavailable = '';
    beforeAll(async () => {
      try {
        node = await runtime.binary();
      } catch (error) {
        unavailable = `${runtime.label}: ${(error as Error).message}`;
      }
    });

    test('the binary is that version', async (context) => {
      if (!node) return notCheckedHere(context, unavailable);
      expect((await run(node, ['--version'])).stdout.trim()).toMatch(runtime.version);
    });

    for (const specifier of exportSpecifiers) {
      for (const mode of ['import', 'require'] as const) {
        test(`${mode} ${specifier}: loads, exports something, prints nothing`, async (context) => {
          if (!node) return notCheckedHere(context, unavailable);
          const code =
            mode === 'import'
              ? `const m = await import(${JSON.stringify(specifier)}); console.log(Object.keys(m).filter((k) => k !== 'default' && k !== 'module.exports').length);`
              : `const m = require(${JSON.stringify(specifier)}); console.log(Object.keys(m).length);`;
          const type = mode === 'import' ? '--input-type=module' : '--input-type=commonjs';
          const result = await run(node, [...FLAGS, type, '-e', code], { env });
          expect(result.code, result.stderr).toBe(0);
          expect(result.stderr.trim(), 'printed to stderr').toBe('');
          expect(Number(result.stdout.trim()), 'exports nothing').toBeGreaterThan(0);
        });
      }
    }

    for (const [app, kind] of [
      ['esm-app.mjs', 'ESM'],
      ['cjs-app.cjs', 'CommonJS'],
    ] as const) {
      test(`the ${kind} bot verifies, routes and replies through the loopback Bot API`, async (context) => {
        if (!node) return notCheckedHere(context, unavailable);
        const result = await run(node, [...FLAGS, app, `${runtime.label} ${kind}`, api.baseUrl], { env });
        expect(result.stderr.trim(), 'printed to stderr').toBe('');
        expect(scenarioProblems(parseReport(result), api, { expectNodeCrypto: true })).toEqual([]);
      });
    }
  });
}

test.each(Object.entries(pkg.bin ?? {}))(
  'bin %s is linked into node_modules/.bin with a node shebang',
  (command) => {
    const link = join(CONSUMER, 'node_modules/.bin', command);
    expect(existsSync(link), `${link} missing`).toBe(true);
    expect(readFileSync(link, 'utf8').startsWith('#!/usr/bin/env node')).toBe(true);
  },
);

// The extra TypeScript toolchains the consumer type checks run with (docs/runtimes.md, "TypeScript"):
// the newest `typescript` and the newest and oldest supported `@types/node`. They are installed from the
// registry into .tmp/runtimes/type-matrix, never as the repository's devDependencies: the repository's own
// `tsc` stays on TypeScript 6 (the newest typedoc supports) and @types/node 24, and a devDependency would
// pin what "newest" means. `npm install … @latest` re-resolves the tags on every run (from npm's cache
// when offline), so a new major is seen the day it is published.
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run, WORK } from './lib.mjs';

export const MATRIX = join(WORK, 'type-matrix');

/**
 * The oldest supported @types/node: the major of the oldest Node the package supports (`engines.node`
 * >=22.12). Older majors lack APIs the shipped declarations may name.
 */
const OLDEST_TYPES_NODE = '22';

/** Installs the toolchains; returns { tsc, typeRoots: { newest, oldest }, versions } or throws. */
export async function installTypeMatrix() {
  mkdirSync(MATRIX, { recursive: true });
  const manifest = join(MATRIX, 'package.json');
  if (!existsSync(manifest)) writeFileSync(manifest, JSON.stringify({ private: true }, null, 2));
  const install = await run(
    'npm',
    [
      'install',
      '--prefer-offline',
      '--no-audit',
      '--no-fund',
      '--ignore-scripts',
      'typescript@latest',
      '@types/node@latest',
      `types-node-oldest@npm:@types/node@${OLDEST_TYPES_NODE}`,
    ],
    { cwd: MATRIX },
  );
  if (install.code !== 0) throw new Error(`npm install failed:\n${install.stderr}`);
  // A `typeRoots` directory holds one folder per type package name: `types: ['node']` and every
  // `/// <reference types="node" />` then resolve to the chosen @types/node.
  const typeRoots = {
    newest: typeRoot('newest', join(MATRIX, 'node_modules/@types/node')),
    oldest: typeRoot('oldest', join(MATRIX, 'node_modules/types-node-oldest')),
  };
  const version = (dir) => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version;
  return {
    tsc: join(MATRIX, 'node_modules/typescript/bin/tsc'),
    typeRoots,
    versions: {
      typescript: version(join(MATRIX, 'node_modules/typescript')),
      newest: version(join(MATRIX, 'node_modules/@types/node')),
      oldest: version(join(MATRIX, 'node_modules/types-node-oldest')),
    },
  };
}

function typeRoot(name, target) {
  const dir = join(MATRIX, 'type-roots', name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  symlinkSync(target, join(dir, 'node'), 'dir');
  return dir;
}

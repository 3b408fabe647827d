// The extra TypeScript toolchains the consumer type checks run with (docs/runtimes.md, "TypeScript"): the
// newest `typescript` and the newest and oldest supported `@types/node`, installed from the registry into
// .tmp/runtimes/type-matrix, never as the repository's devDependencies: the repository's own `tsc` stays on
// TypeScript 6 (the newest typedoc supports) and @types/node 24, and a devDependency would pin what
// "newest" means. `npm install … @latest` re-resolves the tags on every run (from npm's cache when
// offline), so a new major is seen the day it is published.
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run, WORK } from './consumer.js';

const MATRIX = join(WORK, 'type-matrix');

/**
 * The oldest supported @types/node: the major of the oldest Node the package supports (`engines.node`
 * >=22.12). Older majors lack APIs the shipped declarations may name.
 */
const OLDEST_TYPES_NODE = '22';

export interface TypeMatrix {
  /** The newest TypeScript's tsc. */
  tsc: string;
  /** `typeRoots` folders whose `node` is the newest or the oldest @types/node. */
  typeRoots: { newest: string; oldest: string };
  versions: { typescript: string; newest: string; oldest: string };
}

/** Installs the toolchains; throws with npm's output when the registry cannot be reached. */
export async function installTypeMatrix(): Promise<TypeMatrix> {
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
    { cwd: MATRIX, timeout: 300_000 },
  );
  if (install.code !== 0) throw new Error(`npm install failed:\n${install.stderr}`);
  const version = (dir: string): string =>
    (
      JSON.parse(readFileSync(join(MATRIX, 'node_modules', dir, 'package.json'), 'utf8')) as {
        version: string;
      }
    ).version;
  return {
    tsc: join(MATRIX, 'node_modules/typescript/bin/tsc'),
    typeRoots: { newest: typeRoot('newest', '@types/node'), oldest: typeRoot('oldest', 'types-node-oldest') },
    versions: {
      typescript: version('typescript'),
      newest: version('@types/node'),
      oldest: version('types-node-oldest'),
    },
  };
}

/** A `typeRoots` folder whose `node` is the given package: `types: ['node']` then resolves to it. */
function typeRoot(name: string, target: string): string {
  const dir = join(MATRIX, 'type-roots', name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  symlinkSync(join(MATRIX, 'node_modules', target), join(dir, 'node'), 'dir');
  return dir;
}

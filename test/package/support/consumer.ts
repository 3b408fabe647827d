// The package as users get it: `npm pack` of the built dist/, installed by tarball into a throwaway consumer
// project under .tmp/runtimes/consumer, with the apps of test/fixtures/consumers copied beside it. Nothing
// there reads the source tree. Shared by the package and runtimes projects (they run one after the other).
import { execFile, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, posix, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export const ROOT = resolve(import.meta.dirname, '../../..');
export const WORK = join(ROOT, '.tmp/runtimes');
export const CONSUMER = join(WORK, 'consumer');
export const FIXTURES = join(ROOT, 'test/fixtures/consumers');
export const BIN = join(ROOT, 'node_modules/.bin');

interface Manifest {
  name: string;
  main?: string;
  module?: string;
  types?: string;
  bin?: Record<string, string>;
  exports: Record<string, unknown>;
  typesVersions?: unknown;
}
export const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Manifest;

/** Bare specifiers of every subpath export, e.g. `momotalk-bot-sdk`, `momotalk-bot-sdk/node`. */
export const exportSpecifiers = Object.keys(pkg.exports)
  .filter((key) => key !== './package.json')
  .map((key) => (key === '.' ? pkg.name : `${pkg.name}/${key.slice(2)}`));

/** Files named by package.json (main, module, types, bin, exports, typesVersions), normalised. */
export function entryFiles(): string[] {
  const referenced = new Set<string>();
  const collect = (value: unknown): void => {
    if (typeof value === 'string') referenced.add(posix.normalize(value));
    else if (Array.isArray(value)) value.forEach(collect);
    else if (value && typeof value === 'object') Object.values(value).forEach(collect);
  };
  collect([pkg.main, pkg.module, pkg.types, pkg.bin, pkg.exports, pkg.typesVersions].filter(Boolean));
  return [...referenced];
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs a program without blocking the event loop (a loopback server may live in this process), in the
 * consumer project by default, without MOMOTALK_* variables (the SDK reads them as defaults).
 */
export function run(
  file: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; timeout?: number } = {},
): Promise<RunResult> {
  const env = Object.fromEntries(
    Object.entries(options.env ?? process.env).filter(([name]) => !name.startsWith('MOMOTALK_')),
  );
  return new Promise((done) => {
    execFile(
      file,
      args,
      { cwd: CONSUMER, timeout: 120_000, maxBuffer: 16 * 1024 * 1024, ...options, env, encoding: 'utf8' },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        done({ code, stdout, stderr: stderr || (error && code !== 0 ? error.message : '') });
      },
    );
  });
}

interface Packed {
  filename: string;
  tarball: string;
  files: { path: string }[];
}

function pack(): Packed {
  const destination = join(WORK, 'pack');
  rmSync(destination, { recursive: true, force: true });
  mkdirSync(destination, { recursive: true });
  const result = spawnSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', destination], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`npm pack failed:\n${result.stderr}`);
  const [report] = JSON.parse(result.stdout) as [Omit<Packed, 'tarball'>];
  return { ...report, tarball: join(destination, report.filename) };
}

/**
 * Packs the package and installs the tarball (its dependencies from the registry or npm's cache) into the
 * consumer project; reinstalls only when the tarball's content changed, and always refreshes the apps.
 * Returns the installed root entry, for fixtures whose `// requires: a, b` line names exports.
 */
export async function prepareConsumer(): Promise<Record<string, unknown>> {
  const packed = pack();
  const inTarball = new Set(packed.files.map((file) => file.path));
  const missing = entryFiles().filter((path) => !inTarball.has(path));
  if (missing.length > 0)
    throw new Error(`the tarball lacks files package.json names: ${missing.join(', ')}`);
  const digest = createHash('sha256').update(readFileSync(packed.tarball)).digest('hex');
  const stamp = join(CONSUMER, '.installed-tarball');
  if (!existsSync(stamp) || readFileSync(stamp, 'utf8') !== digest) {
    rmSync(CONSUMER, { recursive: true, force: true });
    mkdirSync(CONSUMER, { recursive: true });
    const manifest = { name: 'momotalk-consumer', private: true, type: 'module' };
    writeFileSync(join(CONSUMER, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    const install = await run(
      'npm',
      ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', packed.tarball],
      { timeout: 300_000 },
    );
    if (install.code !== 0) throw new Error(`npm install of the tarball failed:\n${install.stderr}`);
    writeFileSync(stamp, digest);
  }
  for (const entry of readdirSync(FIXTURES)) {
    cpSync(join(FIXTURES, entry), join(CONSUMER, entry), { recursive: true });
  }
  const requireFromConsumer = createRequire(join(CONSUMER, 'package.json'));
  return import(pathToFileURL(requireFromConsumer.resolve(pkg.name)).href);
}

/** The exports a fixture's `// requires: a, b` line names that `root` lacks. */
export function absentExports(source: string, root: Record<string, unknown>): string[] {
  const names = /^\/\/ requires: (.+)$/m.exec(source)?.[1]?.split(/,\s*/) ?? [];
  return names.filter((name) => !(name in root));
}

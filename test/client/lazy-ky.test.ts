import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url).pathname;
let dir = '';

beforeAll(async () => {
  mkdirSync(join(root, '.tmp'), { recursive: true });
  // Inside the repository, so the bundles resolve zod and ky from node_modules.
  dir = mkdtempSync(join(root, '.tmp', 'lazy-ky-'));
  for (const format of ['esm', 'cjs'] as const) {
    await build({
      entryPoints: [join(root, 'src/index.ts')],
      bundle: true,
      platform: 'node',
      format,
      packages: 'external',
      define: { __SDK_VERSION__: '"0.0.0-test"' },
      outfile: join(dir, format === 'esm' ? 'index.mjs' : 'index.cjs'),
      logLevel: 'silent',
    });
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Runs in a fresh Node process: records every module specifier resolved, loads the root entry, reports
 * whether ky was resolved, then sends one message (fetch stubbed) and reports again.
 */
function probe(format: 'esm' | 'cjs'): { afterImport: boolean; afterSend: boolean } {
  const script = join(dir, `probe-${format}.mjs`);
  writeFileSync(
    script,
    `
import { registerHooks, createRequire } from 'node:module';
const seen = new Set();
registerHooks({ resolve(specifier, context, next) { seen.add(specifier); return next(specifier, context); } });
const sdk = ${format === 'esm' ? `await import(${JSON.stringify(join(dir, 'index.mjs'))})` : `createRequire(import.meta.url)(${JSON.stringify(join(dir, 'index.cjs'))})`};
const afterImport = seen.has('ky');
const client = new sdk.BotClient({ botId: 'b', token: 't', baseUrl: 'https://x.test', fetch: async () => new Response('{}') });
await client.sendMessage({ room_id: 1, body: 'x' });
console.log(JSON.stringify({ afterImport, afterSend: seen.has('ky') }));
`,
  );
  const output = execFileSync(process.execPath, [script], { cwd: root, encoding: 'utf8' });
  return JSON.parse(output.trim().split('\n').at(-1) as string);
}

describe('ky is loaded lazily', () => {
  it.each(['esm', 'cjs'] as const)(
    'importing the root entry (%s) does not load ky; the first send does',
    (format) => {
      expect(probe(format)).toEqual({ afterImport: false, afterSend: true });
    },
  );

  it('the bundles reference ky only through import()', () => {
    for (const file of ['index.mjs', 'index.cjs']) {
      const code = readFileSync(join(dir, file), 'utf8');
      expect(code).toMatch(/import\(\s*["']ky["']\s*\)/);
      expect(code).not.toMatch(/from\s*["']ky["']|require\(\s*["']ky["']\s*\)/);
    }
  });
});

import { spawnSync } from 'node:child_process';

/**
 * Vitest globalSetup of the projects that load dist/ or the packed tarball: builds once per run, so a fresh
 * clone (no dist/) and a stale dist/ both test what `npm run build` makes now. Several projects name this
 * file; the environment variable makes the later ones reuse the first build.
 */
export default function setup(): void {
  if (process.env.SDK_TEST_BUILT === '1') return;
  const result = spawnSync('node_modules/.bin/tsup', { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (result.status !== 0) {
    throw new Error(
      `the build (tsup) failed, so nothing that loads dist/ can run:\n${result.stdout}${result.stderr}`,
    );
  }
  process.env.SDK_TEST_BUILT = '1';
}

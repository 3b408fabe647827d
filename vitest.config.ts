import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
  version: string;
};

/**
 * Tests that need more than the sources and a loopback socket: real frameworks, a redis-server, Chromium,
 * or the built dist/ (a fresh process importing it, the `npm start` script, the built CLI).
 */
const integration = [
  'test/adapters/**/*.test.ts',
  'test/bot/bot-adapters.test.ts',
  'test/handler/hono.test.ts',
  'test/idempotency/redis-*.test.ts',
  'test/session/redis-*.test.ts',
  'test/conversation/redis-*.test.ts',
  'test/inbox/bullmq-*.test.ts',
  'test/reliability/redelivery.test.ts',
  'test/browser/**/*.test.ts',
  'test/webhooks/no-ky.test.ts',
  'test/cli/cli.test.ts',
  'test/emulator/start-script.test.ts',
  'test/emulator/start-script-inbox.test.ts',
  'test/testing/getting-started-guide.test.ts',
  // Twoslash compiles against the whole source tree: seconds of CPU, kept out of the inner loop.
  'test/docs/doc-code-check.test.ts',
  'test/docs/site.test.ts',
];
/** Built and packed once, before any project that loads dist/ or the tarball (test/support/build.ts). */
const build = ['test/support/build.ts'];

export default defineConfig({
  define: { __SDK_VERSION__: JSON.stringify(version) },
  test: {
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // The receivers' development refusal log (one line per refused delivery when NODE_ENV is not
    // production) would print thousands of lines in the hostile-input corpus; its own test spies on it.
    onConsoleLog: (log) => !log.includes('[momotalk-bot-sdk] webhook refused:'),
    projects: [
      {
        extends: true,
        // `npm run test:unit`: the sources only, no services, no build.
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: [...integration, 'test/package/**', 'test/runtimes/**', 'test/long/**'],
        },
      },
      {
        extends: true,
        // Services skip loudly when missing locally and fail when CI=true (test/support).
        test: { name: 'integration', include: integration, globalSetup: build },
      },
      {
        extends: true,
        // The package as users get it: publint, attw, the tarball, Node 22/24, TypeScript consumers, docs.
        // One file at a time: they share the consumer project under .tmp/runtimes.
        test: {
          name: 'package',
          include: ['test/package/**/*.test.ts'],
          globalSetup: build,
          fileParallelism: false,
          // Concurrent tests (the Node runtime checks) start processes: two at a time on two cores.
          maxConcurrency: 2,
          testTimeout: 300_000,
          hookTimeout: 600_000,
          sequence: { groupOrder: 1 },
        },
      },
      {
        extends: true,
        test: {
          name: 'runtimes',
          include: ['test/runtimes/**/*.test.ts'],
          globalSetup: build,
          testTimeout: 300_000,
          hookTimeout: 600_000,
          sequence: { groupOrder: 2 },
        },
      },
      {
        extends: true,
        // `npm run test:long` only (npm test leaves it out): the reliability runs at ten times the quick
        // counts, the timing-leak test, the soak and mutation testing; docs/reliability.md is written from
        // their results when the run ends.
        test: {
          name: 'long',
          include: [
            'test/reliability/hostile-input.test.ts',
            'test/reliability/outbound-faults.test.ts',
            'test/reliability/redelivery.test.ts',
            'test/inbox/bullmq-crash.test.ts',
            'test/long/**/*.test.ts',
          ],
          env: { RELIABILITY_SCALE: process.env.RELIABILITY_SCALE ?? '10' },
          globalSetup: [...build, 'test/long/support/write-reliability-doc.mjs'],
          fileParallelism: false,
          testTimeout: 3_600_000,
          hookTimeout: 600_000,
          sequence: { groupOrder: 3 },
        },
      },
    ],
  },
});

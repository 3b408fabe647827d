// The vitest configuration Stryker runs (stryker.config.json): the unit tests of the mutated modules and
// the quick reliability checks that are cheap per run. Left out: suites that start processes, browsers
// or servers (they do not cover the mutated modules better and would make each mutant run take seconds),
// and the 10,000-request hostile corpus (one test covering everything: it would run for every mutant).
import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

const { version } = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'));

export default defineConfig({
  define: { __SDK_VERSION__: JSON.stringify(version) },
  test: {
    include: [
      'test/webhooks/**/*.test.ts',
      'test/handler/**/*.test.ts',
      'test/client/**/*.test.ts',
      'test/reliability/mutation-*.test.ts',
      'test/kakao/constant-time-equal*.test.ts',
    ],
    exclude: ['test/client/lazy-ky.test.ts', 'test/webhooks/no-ky.test.ts', '**/node_modules/**'],
    testTimeout: 20_000,
  },
});

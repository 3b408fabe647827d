import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
  version: string;
};

export default defineConfig({
  define: { __SDK_VERSION__: JSON.stringify(version) },
  test: {
    include: ['test/**/*.test.ts'],
    // test/browser runs here too (headless Chromium; it skips loudly without /usr/bin/chromium, fails on CI).
    exclude: ['test/runtimes/**', '**/node_modules/**'],
    testTimeout: 20_000,
    // The receivers' development refusal log (one line per refused delivery when NODE_ENV is not
    // production) would print thousands of lines in the hostile-input corpus; its own test spies on it.
    onConsoleLog: (log) => !log.includes('[momotalk-bot-sdk] webhook refused:'),
    hookTimeout: 60_000,
  },
});

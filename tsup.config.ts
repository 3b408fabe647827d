import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
  version: string;
};

/**
 * Every public entry point. Keep in step with `exports` in package.json (publint and attw check the
 * result in `npm test`). Everything under src/internal is bundled into the entries that use it.
 */
export const libraryEntries = {
  index: 'src/index.ts',
  node: 'src/adapters/node-http.ts',
  express: 'src/adapters/express.ts',
  fastify: 'src/adapters/fastify.ts',
  koa: 'src/adapters/koa.ts',
  'aws-lambda': 'src/adapters/aws-lambda.ts',
  redis: 'src/idempotency/redis-store.ts',
  bullmq: 'src/inbox/index.ts',
  kakao: 'src/kakao/index.ts',
  testing: 'src/testing/index.ts',
  'testing-msw': 'src/testing/msw/index.ts',
  otel: 'src/otel/index.ts',
};

const shared = {
  define: { __SDK_VERSION__: JSON.stringify(version) },
  target: 'es2022',
  platform: 'node',
  sourcemap: false,
  treeshake: true,
  splitting: true,
} as const;

export default defineConfig([
  { ...shared, entry: libraryEntries, format: ['esm', 'cjs'], dts: true, clean: true },
  // The `momotalk-bot` command: ESM only, never imported by users.
  { ...shared, entry: { cli: 'src/cli/main.ts' }, format: ['esm'], dts: false, clean: false },
]);

// The two tests of docs/testing.md, run as the page shows them (each code block is written to a file and
// imported, with the package's specifiers pointing at src/), so the guide cannot silently break: a unit
// test with msw, an integration test with the emulator.
//
// They run with MOMOTALK_* variables exported to values that break any test reading them (another
// bot id and secret, a token the mocks refuse, a base URL that bypasses msw and reaches nothing): a
// developer's shell or a CI job that has them set must not change what the guide's tests do.
import { afterAll, describe, expect, it, vi } from 'vitest';
import { docCodeBlocks, writeDocBlock } from './doc-blocks.js';

const HOSTILE_ENV = {
  MOMOTALK_WEBHOOK_SECRET: 'whsec_from_the_shell',
  MOMOTALK_BOT_ID: 'bot_from_the_shell',
  MOMOTALK_BOT_TOKEN: 'token_from_the_shell',
  MOMOTALK_API_BASE_URL: 'http://127.0.0.1:9/api',
} as const;
for (const [name, value] of Object.entries(HOSTILE_ENV)) vi.stubEnv(name, value);
afterAll(() => {
  vi.unstubAllEnvs();
});

const blocks = docCodeBlocks('docs/testing.md');

it('the guide has its unit test and its integration test', () => {
  expect(blocks).toHaveLength(2);
  expect(blocks[0]).toContain("from 'momotalk-bot-sdk/testing/msw'");
  expect(blocks[1]).toContain('startEmulator');
});

describe('guide: unit test with createSignedRequest and msw (MOMOTALK_* exported)', async () => {
  await import(writeDocBlock(blocks[0] ?? '', 'testing-unit'));
});

describe('guide: integration test with startEmulator (MOMOTALK_* exported)', async () => {
  await import(writeDocBlock(blocks[1] ?? '', 'testing-integration'));
});

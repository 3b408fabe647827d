// The tests of docs/testing.md, run as the page shows them (each code block is written to a file and
// imported, with the package's specifiers pointing at src/), so the guide cannot silently break: the test
// bot (an echo bot and a /help bot; failures and the fake clock; a bot behind the memory inbox), a unit test with msw, an integration test
// with the emulator.
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

it('the guide has its test bot tests, its unit test and its integration test', () => {
  expect(blocks).toHaveLength(5);
  expect(blocks[0]).toContain('createTestBot(echoBot)');
  expect(blocks[1]).toContain('failNextSend');
  expect(blocks[2]).toContain('inbox: true');
  expect(blocks[3]).toContain("from 'momotalk-bot-sdk/testing/msw'");
  expect(blocks[4]).toContain('startEmulator');
});

describe('guide: the echo bot and the /help bot with createTestBot (MOMOTALK_* exported)', async () => {
  await import(writeDocBlock(blocks[0] ?? '', 'testing-test-bot'));
});

describe('guide: send failures and the fake clock with createTestBot (MOMOTALK_* exported)', async () => {
  await import(writeDocBlock(blocks[1] ?? '', 'testing-test-bot-failures'));
});

describe('guide: a bot behind the memory inbox with createTestBot (MOMOTALK_* exported)', async () => {
  await import(writeDocBlock(blocks[2] ?? '', 'testing-test-bot-inbox'));
});

describe('guide: unit test with createSignedRequest and msw (MOMOTALK_* exported)', async () => {
  await import(writeDocBlock(blocks[3] ?? '', 'testing-unit'));
});

describe('guide: integration test with startEmulator (MOMOTALK_* exported)', async () => {
  await import(writeDocBlock(blocks[4] ?? '', 'testing-integration'));
});

import { describe, expect, it } from 'vitest';
import { inboxCommand } from '../../src/cli/commands/inbox.js';

const io = {
  env: {},
  out: () => {},
  err: () => {},
  readStdin: async () => new Uint8Array(),
  stdinIsTTY: true,
  readFile: async () => new Uint8Array(),
};

describe('momotalk-bot inbox: usage errors (before any connection)', () => {
  it.each([
    [[], /Say what to do/],
    [['purge'], /Say what to do/],
    [['replay'], /Missing the entry id/],
    [['dead-letters', 'x'], /takes no argument/],
  ])('%j', async (positionals, message) => {
    await expect(inboxCommand.run({}, positionals, io)).rejects.toThrow(message);
  });

  it('refuses a URL that is not redis://, echoing it without its password', async () => {
    const error = await inboxCommand
      .run({ 'redis-url': 'http://admin:hunter2-secret@host:6379' }, ['dead-letters'], io)
      .catch((caught: unknown) => caught as Error);
    expect(String(error)).toMatch(/must be a redis:\/\/ or rediss:\/\/ URL/);
    expect(String(error)).not.toContain('hunter2-secret');
  });
});

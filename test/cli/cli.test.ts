import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signWebhook, verifyWebhook } from '../../src/index.js';
import { type Emulator, startEmulator } from '../../src/testing/index.js';
import { startFakeBot, unusedUrl } from '../emulator/support.js';
import { cli } from './support.js';

const EVENT_FILE = 'test/fixtures/cli/event.json';
const EVENT_BYTES = readFileSync(EVENT_FILE);

describe('momotalk-bot: help and usage errors', () => {
  it('lists the commands with --help (exit 0) and without arguments (exit 2)', async () => {
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    for (const name of ['dev', 'send', 'trigger', 'sign', 'verify'])
      expect(help.stdout).toContain(`  ${name} `);
    expect((await cli([])).code).toBe(2);
  });

  it.each(['dev', 'send', 'trigger', 'sign', 'verify'])(
    '%s --help prints its usage and options',
    async (name) => {
      const { code, stdout } = await cli([name, '--help']);
      expect(code).toBe(0);
      expect(stdout).toContain(`Usage: momotalk-bot ${name}`);
      expect(stdout).toContain('Options:');
      expect((await cli(['help', name])).stdout).toBe(stdout);
    },
  );

  it('exits 2 with a clear message for an unknown command or option', async () => {
    const unknown = await cli(['deploy']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "deploy"');
    const option = await cli(['sign', '--sekret', 'x']);
    expect(option.code).toBe(2);
    expect(option.stderr).toContain('Unknown option --sekret; sign takes --help, --secret, --allow-empty.');
    expect(option.stderr).toContain('Usage: momotalk-bot sign');
  });
});

describe('momotalk-bot sign / verify', () => {
  it('signs a file byte for byte and hints at the trailing newline', async () => {
    const { code, stdout, stderr } = await cli(['sign', EVENT_FILE, '--secret', 's3cret']);
    expect(code).toBe(0);
    expect(stdout).toBe(signWebhook(EVENT_BYTES, 's3cret'));
    expect(stderr).toContain(`Body: ${EVENT_BYTES.byteLength} bytes.`);
    expect(stderr).toContain('ends with a newline');
  });

  it('signs stdin with the secret from MOMOTALK_WEBHOOK_SECRET, never printing the secret', async () => {
    const { code, stdout, stderr } = await cli(['sign'], {
      stdin: 'hello',
      env: { MOMOTALK_WEBHOOK_SECRET: 'k' },
    });
    expect(code).toBe(0);
    expect(stdout).toBe('406e4b43f87095aa86ca6299d25e875921fefa180f02043bb29bec5681c0c2d0');
    expect(`${stdout}${stderr}`).not.toMatch(/\bk\b/);
  });

  it('exits 2 naming the flag and the variable when the secret is missing, or the file does not exist', async () => {
    const missing = await cli(['sign', EVENT_FILE]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--secret');
    expect(missing.stderr).toContain('MOMOTALK_WEBHOOK_SECRET');
    const noFile = await cli(['sign', 'nope.json', '--secret', 's']);
    expect(noFile.code).toBe(2);
    expect(noFile.stderr).toContain('Cannot read nope.json: no such file');
    expect((await cli(['sign', '--secret', 's'])).stderr).toContain('pipe the body in');
  });

  it('verify prints valid (exit 0) or invalid (exit 1), and needs --signature (exit 2)', async () => {
    const signature = signWebhook(EVENT_BYTES, 's3cret');
    const valid = await cli(['verify', EVENT_FILE, '--signature', signature, '--secret', 's3cret']);
    expect([valid.code, valid.stdout]).toEqual([0, 'valid']);
    const wrong = await cli(['verify', EVENT_FILE, '--signature', signature, '--secret', 'other']);
    expect([wrong.code, wrong.stdout]).toEqual([1, 'invalid']);
    expect(wrong.stderr).toContain('well-formed but does not match');
    const malformed = await cli(['verify', '-', '--signature', 'xyz', '--secret', 's'], { stdin: 'a' });
    expect(malformed.code).toBe(1);
    expect(malformed.stderr).toContain('not 64 hex digits');
    expect((await cli(['verify', EVENT_FILE, '--secret', 's'])).code).toBe(2);
  });
});

describe('momotalk-bot trigger', () => {
  let bot: Awaited<ReturnType<typeof startFakeBot>>;
  beforeAll(async () => {
    bot = await startFakeBot();
  });
  afterAll(() => bot.close());

  it('sends one signed talk.message_created event and prints the response (exit 0 on 2xx)', async () => {
    const { code, stdout } = await cli(
      ['trigger', '--url', bot.url, '--body', 'hello bot', '--room', '77', '--bot-id', 'bot_x'],
      { env: { MOMOTALK_WEBHOOK_SECRET: 'whsec' } },
    );
    expect(code).toBe(0);
    expect(stdout).toBe('HTTP 200 OK\n{"ok":true}');
    const { headers, body } = bot.received.at(-1) ?? { headers: {}, body: '' };
    expect(verifyWebhook(body, String(headers['x-momotalk-bot-signature']), 'whsec')).toBe(true);
    const event = JSON.parse(body) as {
      event_id: string;
      bot_id: string;
      message: { body: string; room_id: number };
    };
    expect(headers['x-momotalk-event-id']).toBe(event.event_id);
    expect(headers['x-momotalk-bot-id']).toBe('bot_x');
    expect(event.message).toMatchObject({ body: 'hello bot', room_id: 77, sender_user_id: 'user_cli' });
  });

  it('sends an --event file unchanged, with its ids as headers, and exits 1 on a non-2xx answer', async () => {
    bot.setStatus(500);
    try {
      const { code, stdout } = await cli([
        'trigger',
        '--url',
        bot.url,
        '--event',
        EVENT_FILE,
        '--secret',
        'whsec',
      ]);
      expect(code).toBe(1);
      expect(stdout).toContain('HTTP 500');
    } finally {
      bot.setStatus(200);
    }
    const { headers, body } = bot.received.at(-1) ?? { headers: {}, body: '' };
    expect(body).toBe(EVENT_BYTES.toString('utf8'));
    expect(headers['x-momotalk-event-id']).toBe('evt_fixture_1');
    expect(headers['x-momotalk-bot-id']).toBe('bot_fixture');
  });

  it('exits 1 when the bot is unreachable and 2 on bad input', async () => {
    const down = await cli(['trigger', '--url', await unusedUrl(), '--body', 'x', '--secret', 's']);
    expect(down.code).toBe(1);
    expect(down.stderr).toContain('Is the bot running?');
    expect((await cli(['trigger', '--body', 'x', '--secret', 's'])).stderr).toContain('Missing --url');
    expect((await cli(['trigger', '--url', 'ftp://x', '--body', 'x', '--secret', 's'])).code).toBe(2);
    expect((await cli(['trigger', '--url', bot.url, '--secret', 's'])).stderr).toContain(
      'exactly one of --body',
    );
    expect(
      (await cli(['trigger', '--url', bot.url, '--body', 'x', '--secret', 's', '--room', '0'])).code,
    ).toBe(2);
  });
});

describe('momotalk-bot send (against the emulator)', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator({ botId: 'bot_s', token: 'tok_cli_secret' });
  });
  afterAll(() => emulator.close());
  const env = () => ({
    MOMOTALK_BOT_ID: 'bot_s',
    MOMOTALK_BOT_TOKEN: 'tok_cli_secret',
    MOMOTALK_API_BASE_URL: emulator.apiBaseUrl,
  });

  it('posts the text to the room with the configured token (exit 0)', async () => {
    const { code, stdout } = await cli(
      ['send', '--room', '123', '--reply-to', '5', '--metadata', '{"intent":"ack"}', 'Deploy', 'finished'],
      { env: env() },
    );
    expect(code).toBe(0);
    expect(stdout).toMatch(/^HTTP 201 \(request id req_[0-9a-f]+\)\n\{"ok":true/);
    expect(emulator.messages.at(-1)).toMatchObject({
      room_id: 123,
      body: 'Deploy finished',
      reply_to_message_id: 5,
      metadata: { intent: 'ack' },
    });
  });

  it('exits 1 with the API error for a wrong token, never printing the token', async () => {
    const { code, stdout, stderr } = await cli(
      ['send', '--room', '123', '--token', 'tok_wrong_value', 'hi'],
      {
        env: env(),
      },
    );
    expect(code).toBe(1);
    expect(stderr).toContain('401');
    expect(`${stdout}${stderr}`).not.toContain('tok_wrong_value');
    expect(`${stdout}${stderr}`).not.toContain('tok_cli_secret');
  });

  it('exits 2 for a missing room, text, token or bad metadata', async () => {
    expect((await cli(['send', 'hi'], { env: env() })).stderr).toContain('Missing --room');
    expect((await cli(['send', '--room', '1'], { env: env() })).stderr).toContain('Missing the message text');
    const noToken = await cli(['send', '--room', '1', 'hi'], { env: { MOMOTALK_BOT_ID: 'bot_s' } });
    expect(noToken.code).toBe(2);
    expect(noToken.stderr).toContain('MOMOTALK_BOT_TOKEN');
    expect((await cli(['send', '--room', '1', '--metadata', '[1]', 'hi'], { env: env() })).code).toBe(2);
  });
});

describe('momotalk-bot dev', () => {
  it('runs the emulator until aborted and prints the tokenised URL and generated credentials', async () => {
    const controller = new AbortController();
    let url: string | undefined;
    let pageUrl: string | undefined;
    const running = cli(['dev', '--port', '0', '--callback-url', 'http://127.0.0.1:9/hook'], {
      env: { MOMOTALK_BOT_TOKEN: 'from_env_token' },
      signal: controller.signal,
      onOut: (line) => {
        const match = /^MoMoTalk emulator: ((\S+)\/\?token=[0-9a-f]{48})\s/.exec(line);
        pageUrl ??= match?.[1];
        url ??= match?.[2];
      },
    });
    await expect.poll(() => url, { timeout: 5000 }).toBeDefined();
    expect((await fetch(`${pageUrl}`)).status).toBe(200);
    expect((await fetch(`${url}/`)).status).toBe(401);
    controller.abort();
    const { code, stdout } = await running;
    expect(code).toBe(0);
    expect(stdout).toContain(`MOMOTALK_API_BASE_URL=${url}/api`);
    expect(stdout).toContain(`MOMOTALK_EMULATOR_URL=${url}\n`);
    expect(stdout).toContain('MOMOTALK_BOT_TOKEN=(yours');
    expect(stdout).toMatch(/MOMOTALK_WEBHOOK_SECRET=emu_whsec_[0-9a-f]{32}/);
    expect(stdout).not.toContain('from_env_token');
    expect(stdout).toContain('Emulator stopped.');
  });

  it('exits 2 for a bad port', async () => {
    expect((await cli(['dev', '--port', 'abc'])).code).toBe(2);
  });
});

describe.skipIf(!existsSync('dist/cli.js'))('the built bin (dist/cli.js)', () => {
  it('runs as an executable node script and exits non-zero on bad input', () => {
    expect(readFileSync('dist/cli.js', 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(execFileSync(process.execPath, ['dist/cli.js', '--help'], { encoding: 'utf8' })).toContain(
      'Commands:',
    );
    expect(() => execFileSync(process.execPath, ['dist/cli.js', 'nope'], { stdio: 'pipe' })).toThrow(
      expect.objectContaining({ status: 2 }),
    );
  });
});

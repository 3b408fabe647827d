import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toNodeListener } from '../../src/adapters/node-http.js';
import { BotClient, createWebhookHandler, signWebhook, verifyWebhook } from '../../src/index.js';
import { type Emulator, startEmulator } from '../../src/testing/index.js';
import { startFakeBot } from '../emulator/support.js';
import { cli } from './support.js';

// Every CLI failure names what failed and the fix, and never echoes a secret.

async function listen(server: Server): Promise<string> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as { port: number }).port}/momotalk/webhook`;
}

describe('option parsing errors in the CLI’s own words', () => {
  it('names an unknown option and the options the command has, without Node’s dangling quote', async () => {
    const { code, stderr } = await cli(['trigger', '--rooom', '5']);
    expect(code).toBe(2);
    expect(stderr).toContain('Unknown option --rooom; trigger takes --help, --url, --body, --event, --room,');
    expect(stderr).toContain('momotalk-bot trigger --help');
    expect(stderr).not.toMatch(/as in '-- "/);
  });

  it('says which option needs a value, and that a boolean takes none', async () => {
    expect((await cli(['sign', '--secret'])).stderr).toContain('--secret needs a value: --secret <value>.');
    expect((await cli(['sign', '--secret', '--allow-empty'])).stderr).toContain(
      '--secret needs a value, but the next argument is an option',
    );
    const flag = await cli(['sign', '--allow-empty=yes']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain('--allow-empty takes no value.');
  });
});

describe('sign with an empty body', () => {
  it('exits 2 instead of signing 0 bytes, unless --allow-empty', async () => {
    const empty = await cli(['sign', '--secret', 's3cret'], { stdin: '' });
    expect(empty.code).toBe(2);
    expect(empty.stdout).toBe('');
    expect(empty.stderr).toContain('The body is empty (0 bytes): nothing came from stdin.');
    expect(empty.stderr).toContain('--allow-empty');
    const allowed = await cli(['sign', '--secret', 's3cret', '--allow-empty'], { stdin: '' });
    expect(allowed.code).toBe(0);
    expect(allowed.stdout).toBe(signWebhook('', 's3cret'));
  });
});

describe('credentials in a base URL', () => {
  it.each([
    ['the flag', ['--base-url', 'http://me:pa55w0rd@127.0.0.1:bad/api'], {}],
    ['the variable', [], { MOMOTALK_API_BASE_URL: 'http://me:pa55w0rd@127.0.0.1:bad/api' }],
    ['a parsable URL', ['--base-url', 'http://me:pa55w0rd@127.0.0.1:8787/api'], {}],
  ])('are never echoed (%s)', async (_name, flags, env) => {
    const { code, stderr } = await cli(
      ['send', '--room', '1', '--bot-id', 'bot_1', '--token', 'tok_1', ...flags, 'hi'],
      { env },
    );
    expect(code).toBe(2);
    expect(stderr).toContain('http://***@127.0.0.1:');
    expect(stderr).not.toContain('pa55w0rd');
    expect(stderr).not.toContain('me:');
  });
});

describe('trigger explains a refusal', () => {
  let bot: Server;
  let url: string;
  beforeAll(async () => {
    bot = createServer(toNodeListener(createWebhookHandler({ secret: 'whsec_new_run' })));
    url = await listen(bot);
  });
  afterAll(() => bot.close());

  it('a 401 names the check and the secret fix, never the secret', async () => {
    const { code, stdout, stderr } = await cli(['trigger', '--url', url, '--body', 'hi'], {
      env: { MOMOTALK_WEBHOOK_SECRET: 'whsec_last_run' },
    });
    expect(code).toBe(1);
    expect(stdout).toContain('HTTP 401');
    expect(stderr).toContain('Refused: invalid_signature: the signature does not match');
    expect(stderr).toContain('signed with the secret from MOMOTALK_WEBHOOK_SECRET');
    expect(stderr).toContain('`momotalk-bot dev` makes a new secret on every start');
    expect(`${stdout}${stderr}`).not.toContain('whsec_');
  });

  it('a 401 with another code still gets the secret hint, and no invented explanation', async () => {
    const other = await startFakeBot(401);
    const { code, stderr } = await cli(['trigger', '--url', other.url, '--body', 'hi', '--secret', 's']);
    await other.close();
    expect(code).toBe(1);
    expect(stderr.split('\n')).toContain('Refused: boom');
    expect(stderr).toContain('signed with the secret from --secret');
  });
});

describe('trigger --room against a bot that answers through the emulator', () => {
  let emulator: Emulator;
  let bot: Server;
  let url: string;
  beforeAll(async () => {
    emulator = await startEmulator();
    const client = new BotClient({
      botId: emulator.botId,
      token: emulator.token,
      baseUrl: emulator.apiBaseUrl,
      retry: false,
    });
    const handler = createWebhookHandler({
      secret: emulator.secret,
      botId: emulator.botId,
      client,
      onError: () => {},
    }).on('talk.message_created', (event, ctx) => ctx.reply(`Echo: ${event.message.body}`));
    bot = createServer(toNodeListener(handler));
    url = await listen(bot);
  });
  afterAll(async () => {
    bot.close();
    await emulator.close();
  });

  it('explains that the room does not exist on the emulator and how to pick or create one', async () => {
    const refusals: string[] = [];
    const { code, stderr } = await cli(
      ['trigger', '--url', url, '--body', 'hi', '--room', '5', '--bot-id', emulator.botId],
      { env: { MOMOTALK_WEBHOOK_SECRET: emulator.secret } },
    );
    expect(code).toBe(1);
    expect(stderr).toContain('Refused: processing_failed');
    expect(stderr).toContain('room_not_found');
    expect(stderr).toContain('--room with a room from the emulator page');
    // What the bot's own log shows: the emulator's 404 says which rooms exist and how rooms are made.
    const send = await fetch(`${emulator.apiBaseUrl}/bots/${emulator.botId}/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${emulator.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ room_id: 5, body: 'x' }),
    });
    const { error } = (await send.json()) as { error: { code: string; message: string } };
    refusals.push(error.message);
    expect(error.code).toBe('room_not_found');
    expect(error.message).toContain('Room 5 does not exist on this emulator (its rooms: 123)');
    expect(error.message).toContain('emulator page');
  });
});

describe('momotalk-bot dev and the environment’s webhook secret', () => {
  async function runDev(args: string[], env: Record<string, string>) {
    const bot = await startFakeBot();
    const controller = new AbortController();
    let pageUrl: string | undefined;
    const running = cli(['dev', '--port', '0', '--callback-url', bot.url, ...args], {
      env,
      signal: controller.signal,
      onOut: (line) => {
        pageUrl ??= /^MoMoTalk emulator: (\S+)/.exec(line)?.[1];
      },
    });
    await expect.poll(() => pageUrl, { timeout: 5000 }).toBeDefined();
    const page = new URL(String(pageUrl));
    const response = await fetch(`${page.origin}/emulator/webhook-test`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-emulator-token': String(page.searchParams.get('token')),
      },
      body: '{}',
    });
    expect(response.status).toBe(200);
    controller.abort();
    const result = await running;
    await bot.close();
    const delivered = bot.received.at(-1);
    const signedWith = (secret: string) =>
      verifyWebhook(String(delivered?.body), String(delivered?.headers['x-momotalk-bot-signature']), secret);
    return { ...result, signedWith };
  }

  it('does not sign with MOMOTALK_WEBHOOK_SECRET unless told to, and says so', async () => {
    const { stdout, signedWith } = await runDev([], { MOMOTALK_WEBHOOK_SECRET: 'whsec_production' });
    expect(signedWith('whsec_production')).toBe(false);
    const generated = /MOMOTALK_WEBHOOK_SECRET=(emu_whsec_[0-9a-f]{32})/.exec(stdout)?.[1];
    expect(signedWith(String(generated))).toBe(true);
    expect(stdout).toContain('Webhook secret: generated for this run');
    expect(stdout).toContain('MOMOTALK_WEBHOOK_SECRET is set in this environment but not used');
    expect(stdout).not.toContain('whsec_production');
  });

  it('uses MOMOTALK_EMULATOR_SECRET, or MOMOTALK_WEBHOOK_SECRET with --use-env-secret, printing only the source', async () => {
    const emulatorVariable = await runDev([], { MOMOTALK_EMULATOR_SECRET: 'whsec_fixed_local' });
    expect(emulatorVariable.signedWith('whsec_fixed_local')).toBe(true);
    expect(emulatorVariable.stdout).toContain('Webhook secret: from MOMOTALK_EMULATOR_SECRET');
    expect(emulatorVariable.stdout).not.toContain('whsec_fixed_local');

    const explicit = await runDev(['--use-env-secret'], { MOMOTALK_WEBHOOK_SECRET: 'whsec_chosen' });
    expect(explicit.signedWith('whsec_chosen')).toBe(true);
    expect(explicit.stdout).toContain('Webhook secret: from MOMOTALK_WEBHOOK_SECRET (--use-env-secret)');
    expect(explicit.stdout).not.toContain('whsec_chosen');

    expect((await cli(['dev', '--use-env-secret'], { env: {} })).stderr).toContain(
      '--use-env-secret: MOMOTALK_WEBHOOK_SECRET is not set.',
    );
  });

  it('logs why the bot refused a delivery and what to do (a bot still on the last run’s secret)', async () => {
    const refusing = createServer(toNodeListener(createWebhookHandler({ secret: 'emu_whsec_last_run' })));
    const refusingUrl = await listen(refusing);
    const controller = new AbortController();
    let pageUrl: string | undefined;
    const running = cli(['dev', '--port', '0', '--callback-url', refusingUrl], {
      signal: controller.signal,
      onOut: (line) => {
        pageUrl ??= /^MoMoTalk emulator: (\S+)/.exec(line)?.[1];
      },
    });
    await expect.poll(() => pageUrl, { timeout: 5000 }).toBeDefined();
    const page = new URL(String(pageUrl));
    await fetch(`${page.origin}/emulator/webhook-test${page.search}`, { method: 'POST', body: '{}' });
    controller.abort();
    const { stdout } = await running;
    refusing.close();
    expect(stdout).toMatch(/→ webhook\.test evt_\w+ #1: HTTP 401 invalid_signature \(\d+ ms\)/);
    expect(stdout).toContain('  Refused: invalid_signature: the signature does not match the body');
    expect(stdout).toContain("  The bot must verify with this emulator's secret, printed at start");
    expect(stdout).not.toContain('emu_whsec_last_run');
  });
});

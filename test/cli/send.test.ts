import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from './support.js';

const TOKEN = 'tok_cli_echoed_secret_0123456789';

/** A Bot API stand-in that echoes the request's Authorization header into a 401's body and headers. */
async function echoingServer(): Promise<{ server: Server; baseUrl: string }> {
  const server = createServer((request, response) => {
    request.resume();
    const authorization = request.headers.authorization ?? '';
    response.writeHead(401, { 'content-type': 'application/json', 'x-echo': authorization });
    response.end(JSON.stringify({ message: 'invalid token', echoed: { authorization, raw: TOKEN } }));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  return { server, baseUrl: `http://127.0.0.1:${port}/api` };
}

describe('momotalk-bot send prints only redacted data', () => {
  let echo: { server: Server; baseUrl: string };
  beforeAll(async () => {
    echo = await echoingServer();
  });
  afterAll(() => echo.server.close());

  it('an error body that echoes the token is printed with the token redacted', async () => {
    const { code, stdout, stderr } = await cli(['send', '--room', '1', 'hi'], {
      env: { MOMOTALK_BOT_ID: 'bot_1', MOMOTALK_BOT_TOKEN: TOKEN, MOMOTALK_API_BASE_URL: echo.baseUrl },
    });
    expect(code).toBe(1);
    expect(stderr).toContain('MoMoTalkAuthenticationError');
    expect(stderr).toContain('"authorization":"Bearer [redacted]"');
    expect(stderr).toContain('"raw":"[redacted]"');
    expect(`${stdout}${stderr}`).not.toContain(TOKEN);
  });
});

describe('momotalk-bot send --allow-insecure-http', () => {
  const env = { MOMOTALK_BOT_ID: 'bot_1', MOMOTALK_BOT_TOKEN: TOKEN };

  it('without the flag, an http:// base URL off loopback is refused with the flag as the fix', async () => {
    const { code, stderr } = await cli(['send', '--room', '1', '--base-url', 'http://bot.test/api', 'hi'], {
      env,
    });
    expect(code).toBe(2);
    expect(stderr).toContain('--allow-insecure-http');
    expect(stderr).toContain('--base-url is http:// for bot.test');
    expect(stderr).not.toContain('allowInsecureHttp');
    expect(stderr).not.toContain(TOKEN);
  });

  it('with the flag, the client is built and the request goes out', async () => {
    // A host that cannot resolve: the point is that the CLI got past BotClient's check (exit 1, not 2).
    const { code, stderr } = await cli(
      ['send', '--room', '1', '--base-url', 'http://bot.invalid/api', '--allow-insecure-http', 'hi'],
      { env },
    );
    expect(stderr).toContain('MoMoTalkConnectionError');
    expect(code).toBe(1);
  });
});

describe('momotalk-bot send --metadata', () => {
  it('says what is wrong without echoing the value', async () => {
    const value = '{"note": "private words"';
    const { code, stderr } = await cli(['send', '--room', '1', '--metadata', value, 'hi'], {
      env: { MOMOTALK_BOT_ID: 'bot_1', MOMOTALK_BOT_TOKEN: TOKEN },
    });
    expect(code).toBe(2);
    expect(stderr).toContain('--metadata is not valid JSON');
    expect(stderr).not.toContain('private words');
  });
});

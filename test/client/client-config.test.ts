import { afterEach, describe, expect, it, vi } from 'vitest';
import { BotClient } from '../../src/client/bot-client.js';
import { TOKEN } from './support.js';

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('BotClient construction', () => {
  it('falls back to MOMOTALK_BOT_ID, MOMOTALK_BOT_TOKEN and MOMOTALK_API_BASE_URL', () => {
    vi.stubEnv('MOMOTALK_BOT_ID', 'bot_env');
    vi.stubEnv('MOMOTALK_BOT_TOKEN', `${TOKEN}\n`);
    vi.stubEnv('MOMOTALK_API_BASE_URL', 'http://127.0.0.1:9/api/');
    const client = new BotClient();
    expect(client.botId).toBe('bot_env');
    expect(client.baseUrl).toBe('http://127.0.0.1:9/api');
  });

  it('defaults the base URL to https://bot.mmrnd.net/api', () => {
    vi.stubEnv('MOMOTALK_API_BASE_URL', '');
    expect(new BotClient({ botId: 'b', token: TOKEN }).baseUrl).toBe('https://bot.mmrnd.net/api');
  });

  it('prefers options over the environment', () => {
    vi.stubEnv('MOMOTALK_BOT_ID', 'bot_env');
    vi.stubEnv('MOMOTALK_BOT_TOKEN', 'env_token');
    const client = new BotClient({ botId: 'bot_opt', token: TOKEN, baseUrl: new URL('https://x.test/v1') });
    expect(client.botId).toBe('bot_opt');
    expect(client.baseUrl).toBe('https://x.test/v1');
  });

  it('names the option and the variable when the token or the bot id is missing', () => {
    vi.stubEnv('MOMOTALK_BOT_ID', '');
    vi.stubEnv('MOMOTALK_BOT_TOKEN', '');
    expect(() => new BotClient({ botId: 'b' })).toThrow(/\{ token \}.*MOMOTALK_BOT_TOKEN/);
    expect(() => new BotClient({ token: TOKEN })).toThrow(/\{ botId \}.*MOMOTALK_BOT_ID/);
    expect(() => new BotClient({ token: TOKEN })).toThrow(TypeError);
  });

  it('works where there is no process global', () => {
    const saved = Object.getOwnPropertyDescriptor(globalThis, 'process') as PropertyDescriptor;
    Object.defineProperty(globalThis, 'process', { value: undefined, configurable: true, writable: true });
    try {
      expect(new BotClient({ botId: 'b', token: TOKEN }).baseUrl).toBe('https://bot.mmrnd.net/api');
      expect(() => new BotClient({ botId: 'b' })).toThrow(/MOMOTALK_BOT_TOKEN/);
    } finally {
      Object.defineProperty(globalThis, 'process', saved);
    }
  });

  it('rejects a bad base URL naming its source', () => {
    expect(() => new BotClient({ botId: 'b', token: TOKEN, baseUrl: 'not a url' })).toThrow(/baseUrl/);
    expect(() => new BotClient({ botId: 'b', token: TOKEN, baseUrl: 'ftp://x.test' })).toThrow(/http\(s\)/);
    expect(() => new BotClient({ botId: 'b', token: TOKEN, baseUrl: 'https://u:p@x.test' })).toThrow(
      /credentials/,
    );
    vi.stubEnv('MOMOTALK_API_BASE_URL', 'nope');
    expect(() => new BotClient({ botId: 'b', token: TOKEN })).toThrow(/MOMOTALK_API_BASE_URL/);
  });

  it('refuses http:// for a non-loopback host unless allowInsecureHttp is set; loopback stays allowed', () => {
    for (const baseUrl of ['http://bot.mmrnd.net/api', 'http://10.0.0.7:8080/api', 'http://[fe80::1]/api']) {
      expect(() => new BotClient({ botId: 'b', token: TOKEN, baseUrl })).toThrow(
        /cleartext.*allowInsecureHttp/,
      );
      expect(new BotClient({ botId: 'b', token: TOKEN, baseUrl, allowInsecureHttp: true }).baseUrl).toBe(
        baseUrl,
      );
    }
    vi.stubEnv('MOMOTALK_API_BASE_URL', 'http://api.internal/api');
    expect(() => new BotClient({ botId: 'b', token: TOKEN })).toThrow(/MOMOTALK_API_BASE_URL is http:\/\//);
    for (const baseUrl of [
      'http://localhost:3000/api',
      'http://127.0.0.1:9/api',
      'http://127.9.9.9/api',
      'http://[::1]:8/api',
      'http://emu.localhost/api',
    ]) {
      expect(new BotClient({ botId: 'b', token: TOKEN, baseUrl }).baseUrl).toBe(baseUrl);
    }
  });

  it('rejects a token a header cannot carry without echoing it', () => {
    const bad = 'abc def\u0001secret';
    const error = (() => {
      try {
        new BotClient({ botId: 'b', token: bad });
      } catch (caught) {
        return caught as Error;
      }
      throw new Error('expected a throw');
    })();
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toMatch(/MOMOTALK_BOT_TOKEN/);
    expect(error.message).not.toContain('secret');
  });

  it('rejects out-of-range timeouts and retry settings', () => {
    expect(() => new BotClient({ botId: 'b', token: TOKEN, timeout: 0 })).toThrow(/timeout/);
    expect(() => new BotClient({ botId: 'b', token: TOKEN, totalTimeout: Number.NaN })).toThrow(
      /totalTimeout/,
    );
    expect(() => new BotClient({ botId: 'b', token: TOKEN, retry: -1 })).toThrow(/retry/);
    expect(() => new BotClient({ botId: 'b', token: TOKEN, retry: { limit: Infinity } })).toThrow(
      /retry\.limit/,
    );
  });

  it('never shows the token in util.inspect or JSON of the client', async () => {
    const { inspect } = await import('node:util');
    const client = new BotClient({ botId: 'b', token: TOKEN });
    expect(inspect(client, { showHidden: true, depth: 5 })).not.toContain(TOKEN);
    expect(JSON.stringify(client)).not.toContain(TOKEN);
  });
});

describe('bot id path encoding', () => {
  const pathOf = async (botId: string): Promise<string> => {
    let url = '';
    const fetch = async (input: RequestInfo | URL): Promise<Response> => {
      url = input instanceof Request ? input.url : String(input);
      return new Response('{}', { status: 200 });
    };
    await new BotClient({ botId, token: TOKEN, baseUrl: 'https://x.test/api', fetch }).sendMessage({
      room_id: 1,
      body: 'hi',
    });
    return new URL(url).pathname;
  };

  it.each([
    ['../x', '/api/bots/..%2Fx/messages'],
    ['a/b', '/api/bots/a%2Fb/messages'],
    ['a?b', '/api/bots/a%3Fb/messages'],
    ['a#b', '/api/bots/a%23b/messages'],
    ['%2e%2e', '/api/bots/%252e%252e/messages'],
    ['bot_1', '/api/bots/bot_1/messages'],
  ])('keeps %j inside /bots/{id}/messages', async (botId, expected) => {
    expect(await pathOf(botId)).toBe(expected);
  });

  it('refuses "." and ".." which URL resolution would remove', () => {
    expect(() => new BotClient({ botId: '..', token: TOKEN })).toThrow(/botId/);
    expect(() => new BotClient({ botId: '.', token: TOKEN })).toThrow(/botId/);
  });
});

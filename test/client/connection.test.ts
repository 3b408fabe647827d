import { once } from 'node:events';
import { createServer, type Server } from 'node:net';
import { describe, expect, it } from 'vitest';
import { BotClient } from '../../src/client/bot-client.js';
import {
  isMoMoTalkConnectionError,
  type MoMoTalkConnectionError,
} from '../../src/errors/connection-error.js';
import { BOT_ID, expectNoToken, rejectionOf, TOKEN } from './support.js';

/** A port that was just listening and is now closed: connecting to it is refused. */
async function closedPort(): Promise<number> {
  const server: Server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

const transports = [['the global fetch', () => globalThis.fetch]] as const;

describe.each(transports)('connection failures through %s', (_name, makeFetch) => {
  it('a refused connection is a MoMoTalkConnectionError, retried because nothing was sent', async () => {
    const port = await closedPort();
    const retries: string[] = [];
    const lines: string[] = [];
    const client = new BotClient({
      botId: BOT_ID,
      token: TOKEN,
      baseUrl: `http://127.0.0.1:${port}/api`,
      fetch: makeFetch(),
      retry: { limit: 2, baseDelay: 1 },
      hooks: { onRetry: (info) => void retries.push(info.error.message) },
      logger: {
        debug: (fields, line) => lines.push(line, JSON.stringify(fields)),
        warn: (fields, line) => lines.push(line, JSON.stringify(fields)),
      },
    });
    const error = (await rejectionOf(
      client.sendMessage({ room_id: 1, body: 'x' }),
    )) as MoMoTalkConnectionError;
    expect(isMoMoTalkConnectionError(error)).toBe(true);
    expect(error).toMatchObject({ name: 'MoMoTalkConnectionError', code: 'ECONNREFUSED', beforeSend: true });
    expect(error.message).toBe(
      'Request failed to connect (ECONNREFUSED) after 2 retries: POST /bots/bot_1/messages. Check baseUrl / MOMOTALK_API_BASE_URL and the network.',
    );
    expect(retries).toHaveLength(2);
    expect(error.cause).toBeInstanceOf(Error);
    expectNoToken(error, [...lines, ...retries]);
  });

  it('a connection reset after sending is not retried by default', async () => {
    const server = createServer((socket) => {
      socket.once('data', () => socket.resetAndDestroy());
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    let attempts = 0;
    server.on('connection', () => attempts++);
    try {
      const { port } = server.address() as { port: number };
      const client = new BotClient({
        botId: BOT_ID,
        token: TOKEN,
        baseUrl: `http://127.0.0.1:${port}/api`,
        fetch: makeFetch(),
        retry: { baseDelay: 1 },
      });
      const error = (await rejectionOf(
        client.sendMessage({ room_id: 1, body: 'x' }),
      )) as MoMoTalkConnectionError;
      expect(error.name).toBe('MoMoTalkConnectionError');
      expect(error.beforeSend).toBe(false);
      // The one case where the message may have been posted: the message must not send the user to baseUrl.
      expect(error.message).toBe(
        `Request failed without an answer (${error.code}): POST /bots/bot_1/messages. The message may have been delivered; not retried (retry.unsafe opts in).`,
      );
      expect(error.message).not.toMatch(/baseUrl/);
      expect(attempts).toBe(1);
      expectNoToken(error);
    } finally {
      server.close();
    }
  });
});

describe('sanitized causes', () => {
  it('drops request objects a custom fetch attaches and redacts the token from kept strings', async () => {
    const fetch = async (input: RequestInfo | URL): Promise<Response> => {
      const request = input as Request;
      const inner = Object.assign(
        new Error(`connect ECONNREFUSED (auth ${request.headers.get('authorization')})`),
        {
          code: 'ECONNREFUSED',
          request,
          headers: Object.fromEntries(request.headers),
          config: { headers: { Authorization: `Bearer ${TOKEN}` } },
        },
      );
      throw Object.assign(new TypeError('fetch failed', { cause: inner }), { request });
    };
    const client = new BotClient({
      botId: BOT_ID,
      token: TOKEN,
      baseUrl: 'https://x.test',
      fetch,
      retry: false,
    });
    const error = (await rejectionOf(
      client.sendMessage({ room_id: 1, body: 'x' }),
    )) as MoMoTalkConnectionError;
    expect(error.code).toBe('ECONNREFUSED');
    expectNoToken(error);
    const inner = (error.cause as Error).cause as Record<string, unknown>;
    expect(inner.message).toBe('connect ECONNREFUSED (auth Bearer [redacted])');
    expect(inner.code).toBe('ECONNREFUSED');
    expect(inner.request).toBeUndefined();
    expect(inner.headers).toBeUndefined();
    expect(inner.config).toBeUndefined();
  });

  it('an AggregateError of several addresses keeps its codes', async () => {
    const fetch = async (): Promise<Response> => {
      const errors = [
        Object.assign(new Error('connect ECONNREFUSED ::1:1'), { code: 'ECONNREFUSED' }),
        Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }),
      ];
      throw new TypeError('fetch failed', { cause: new AggregateError(errors, 'connect failed') });
    };
    const client = new BotClient({
      botId: BOT_ID,
      token: TOKEN,
      baseUrl: 'https://x.test',
      fetch,
      retry: false,
    });
    const error = (await rejectionOf(
      client.sendMessage({ room_id: 1, body: 'x' }),
    )) as MoMoTalkConnectionError;
    expect(error).toMatchObject({ code: 'ECONNREFUSED', beforeSend: true });
    const aggregate = (error.cause as Error).cause as AggregateError;
    expect(aggregate.errors).toHaveLength(2);
  });

  it('a TypeError for invalid input never echoes the token', async () => {
    const client = new BotClient({ botId: BOT_ID, token: TOKEN, baseUrl: 'https://x.test' });
    const error = await rejectionOf(client.sendMessage({ room_id: 1, body: '' }));
    expectNoToken(error);
  });
});

describe('the message after retries', () => {
  it('does not claim retry.unsafe when the retries were of failures before sending', async () => {
    // Attempt 1 refused (nothing sent, retried by default), attempt 2 reset after sending.
    let attempts = 0;
    const fetch = async (): Promise<Response> => {
      attempts++;
      const code = attempts === 1 ? 'ECONNREFUSED' : 'ECONNRESET';
      throw new TypeError('fetch failed', { cause: Object.assign(new Error(code), { code }) });
    };
    const client = new BotClient({
      botId: BOT_ID,
      token: TOKEN,
      baseUrl: 'https://bot.test/api',
      fetch,
      retry: { limit: 2, baseDelay: 1 },
    });
    const error = (await rejectionOf(
      client.sendMessage({ room_id: 1, body: 'x' }),
    )) as MoMoTalkConnectionError;
    expect(attempts).toBe(2);
    expect(error).toMatchObject({ code: 'ECONNRESET', beforeSend: false });
    expect(error.message).toBe(
      'Request failed without an answer (ECONNRESET) after 1 retry: POST /bots/bot_1/messages. The message may have been delivered; the last attempt failed after sending.',
    );
    expect(error.message).not.toMatch(/unsafe/);
  });
});

import { inspect } from 'node:util';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { BotClient } from '../../src/client/bot-client.js';
import { createWebhookHandler } from '../../src/momotalk/handler/create-webhook-handler.js';
import { type LogFields, type Logger, log } from '../../src/telemetry/logger.js';
import { messageEvent, SECRET, signedRequest } from '../handler/support.js';

const TOKEN = 'logger-test-token-0123456789abcdef';
const API = 'https://bot-api.test/api';
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => {
  server.resetHandlers();
  vi.unstubAllEnvs();
});
afterAll(() => server.close());

/** A logger in pino's shape that keeps every call, and every rendering of it a log file could hold. */
function memoryLogger() {
  const calls: Array<{ level: string; fields: LogFields; message: string }> = [];
  const at =
    (level: string) =>
    (fields: LogFields, message: string): void => {
      calls.push({ level, fields, message });
    };
  const logger: Required<Logger> = {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
  };
  const rendered = () =>
    calls
      .map((call) => `${call.message} ${inspect(call.fields, { depth: 10 })} ${JSON.stringify(call.fields)}`)
      .join('\n');
  return { logger, calls, rendered };
}

describe('log(): the one redacting path to the user’s logger', () => {
  it('redacts credential-named fields, Bearer / KakaoAK values and the given secrets; keeps the rest', () => {
    const { logger, calls } = memoryLogger();
    log(
      logger,
      'warn',
      {
        token: 'abc',
        webhookSecret: 'def',
        'x-momotalk-bot-signature': 'f'.repeat(64),
        Authorization: 'Bearer xyz',
        apiKey: 'k',
        status: 401,
        note: `echoed Bearer ${TOKEN} and KakaoAK 0f1e2d3c and the raw ${TOKEN}`,
        skipped: undefined,
      },
      `sent with ${TOKEN}`,
      [TOKEN],
    );
    expect(calls).toEqual([
      {
        level: 'warn',
        fields: {
          token: '[redacted]',
          webhookSecret: '[redacted]',
          'x-momotalk-bot-signature': '[redacted]',
          Authorization: '[redacted]',
          apiKey: '[redacted]',
          status: 401,
          note: 'echoed Bearer [redacted] and KakaoAK [redacted] and the raw [redacted]',
        },
        message: 'sent with [redacted]',
      },
    ]);
  });

  it('skips a missing level, and a logger that throws changes nothing', () => {
    expect(() => log({}, 'debug', {}, 'x')).not.toThrow();
    expect(() => log(undefined, 'error', {}, 'x')).not.toThrow();
    const throwing: Logger = {
      error: () => {
        throw new Error('disk full');
      },
    };
    expect(() => log(throwing, 'error', {}, 'x')).not.toThrow();
  });

  it('console fits the shape: (fields, message)', () => {
    const spy = vi.spyOn(console, 'info').mockImplementation(() => {});
    log(console, 'info', { status: 200 }, 'line');
    expect(spy).toHaveBeenCalledWith({ status: 200 }, 'line');
    spy.mockRestore();
  });
});

describe('the handler’s logger', () => {
  it('a failing handler is logged at error with phase, event id and the error; never the secret or the body', async () => {
    const { logger, calls, rendered } = memoryLogger();
    const handler = createWebhookHandler({ secret: SECRET, logger }).on('talk.message_created', () => {
      throw new Error('handler bug');
    });
    const request = signedRequest(messageEvent('evt_log_1'));
    const signature = request.headers.get('x-momotalk-bot-signature') as string;
    expect((await handler(request)).status).toBe(500);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      level: 'error',
      fields: { phase: 'process', eventId: 'evt_log_1' },
      message: 'webhook delivery failed',
    });
    expect((calls[0]?.fields.err as Error | undefined)?.message).toBe('handler bug');
    for (const secret of [SECRET, signature, '"hello"']) expect(rendered()).not.toContain(secret);
  });

  it('a logger without error: a failing handler still reaches console.error', async () => {
    const infos: unknown[] = [];
    const logger: Logger = { info: (fields) => infos.push(fields) };
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const handler = createWebhookHandler({ secret: SECRET, logger }).on('talk.message_created', () => {
        throw new Error('handler bug, no error level');
      });
      expect((await handler(signedRequest(messageEvent('evt_log_noerror')))).status).toBe(500);
      expect(errors).toHaveBeenCalledTimes(1);
      expect(errors.mock.calls[0]?.[0]).toBe('[momotalk-bot-sdk] webhook delivery failed (process):');
      expect((errors.mock.calls[0]?.[1] as Error | undefined)?.message).toBe('handler bug, no error level');
      expect(infos).toEqual([]);
    } finally {
      errors.mockRestore();
    }
  });

  it('in development a refused delivery is logged at warn with the failed check and its fix, once a minute per code', async () => {
    vi.stubEnv('NODE_ENV', 'development');
    const { logger, calls, rendered } = memoryLogger();
    const handler = createWebhookHandler({ secret: SECRET, logger });
    const forged = signedRequest(messageEvent('evt_log_2'), { secret: 'another-secret-entirely' });
    const signature = forged.headers.get('x-momotalk-bot-signature') as string;
    expect((await handler(forged)).status).toBe(401);
    expect(
      (await handler(signedRequest(messageEvent('evt_log_3'), { secret: 'another-secret-entirely' }))).status,
    ).toBe(401);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      level: 'warn',
      fields: { status: 401, code: 'invalid_signature', heldBack: 0 },
    });
    expect(calls[0]?.fields.hint).toMatch(/same secret/);
    expect(calls[0]?.message).toContain('webhook refused: 401 invalid_signature');
    for (const secret of [SECRET, 'another-secret-entirely', signature])
      expect(rendered()).not.toContain(secret);
  });

  it('in production refusals go to debug (and nowhere without a logger)', async () => {
    vi.stubEnv('NODE_ENV', 'production');
    const { logger, calls } = memoryLogger();
    const handler = createWebhookHandler({ secret: SECRET, logger });
    expect((await handler(signedRequest(messageEvent('evt_log_4'), { signature: null }))).status).toBe(401);
    expect(calls.map((call) => [call.level, call.fields.code])).toEqual([['debug', 'missing_signature']]);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    await createWebhookHandler({ secret: SECRET })(
      signedRequest(messageEvent('evt_log_5'), { signature: null }),
    );
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
  });
});

describe('the client’s logger', () => {
  it('a retry at warn, each response at debug, as fields; the token never, even when the API echoes it', async () => {
    const answers = [503, 200];
    server.use(
      http.post(`${API}/bots/bot_1/messages`, ({ request }) => {
        const status = answers.shift() ?? 200;
        const echo = request.headers.get('authorization');
        return HttpResponse.json(
          status === 200 ? { message_id: 1 } : { error: `bad auth ${echo}`, token: TOKEN },
          { status, headers: { 'x-request-id': `req-${status}`, 'x-echo': String(echo) } },
        );
      }),
    );
    const { logger, calls, rendered } = memoryLogger();
    const client = new BotClient({
      botId: 'bot_1',
      token: TOKEN,
      baseUrl: API,
      logger,
      retry: { baseDelay: 1, maxDelay: 2 },
    });
    await client.sendMessage({ room_id: 7, body: 'secret plans' });
    expect(calls.map((call) => call.level)).toEqual(['debug', 'warn', 'debug']);
    expect(calls[0]?.fields).toEqual({
      method: 'POST',
      path: '/bots/bot_1/messages',
      status: 503,
      requestId: 'req-503',
      attempt: 1,
    });
    expect(calls[1]?.fields).toMatchObject({ method: 'POST', path: '/bots/bot_1/messages', retry: 1 });
    expect(typeof calls[1]?.fields.delayMs).toBe('number');
    expect((calls[1]?.fields.err as Error | undefined)?.name).toBe('MoMoTalkServerError');
    expect(rendered()).not.toContain(TOKEN);
    expect(rendered()).not.toContain('secret plans');
  });
});

import { inspect } from 'node:util';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BotClient } from '../../src/client/bot-client.js';
import { redactText } from '../../src/client/redact-secrets.js';
import {
  isMoMoTalkApiError,
  isMoMoTalkRateLimitError,
  MoMoTalkApiError,
  MoMoTalkAuthenticationError,
  MoMoTalkBadRequestError,
  MoMoTalkConflictError,
  MoMoTalkNotFoundError,
  MoMoTalkPermissionDeniedError,
  MoMoTalkRateLimitError,
  MoMoTalkServerError,
  MoMoTalkUnprocessableEntityError,
} from '../../src/errors/api-error.js';
import { isMoMoTalkError, MoMoTalkError } from '../../src/errors/momotalk-error.js';
import { expectNoToken, FAST, MESSAGES_URL, rejectionOf, TOKEN } from './support.js';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const noRetry = { ...FAST, retry: false as const };

async function failWith(response: () => Response): Promise<MoMoTalkApiError> {
  server.use(http.post(MESSAGES_URL, response));
  const error = await rejectionOf(new BotClient(noRetry).sendMessage({ room_id: 1, body: 'x' }));
  expect(isMoMoTalkApiError(error)).toBe(true);
  return error as MoMoTalkApiError;
}

describe('MoMoTalkApiError per status', () => {
  it.each([
    [400, MoMoTalkBadRequestError, 'MoMoTalkBadRequestError'],
    [401, MoMoTalkAuthenticationError, 'MoMoTalkAuthenticationError'],
    [403, MoMoTalkPermissionDeniedError, 'MoMoTalkPermissionDeniedError'],
    [404, MoMoTalkNotFoundError, 'MoMoTalkNotFoundError'],
    [409, MoMoTalkConflictError, 'MoMoTalkConflictError'],
    [422, MoMoTalkUnprocessableEntityError, 'MoMoTalkUnprocessableEntityError'],
    [429, MoMoTalkRateLimitError, 'MoMoTalkRateLimitError'],
    [500, MoMoTalkServerError, 'MoMoTalkServerError'],
    [502, MoMoTalkServerError, 'MoMoTalkServerError'],
    [503, MoMoTalkServerError, 'MoMoTalkServerError'],
    [504, MoMoTalkServerError, 'MoMoTalkServerError'],
    [418, MoMoTalkApiError, 'MoMoTalkApiError'],
    [302, MoMoTalkApiError, 'MoMoTalkApiError'],
  ])('%i becomes %o', async (status, Class, name) => {
    const error = await failWith(() =>
      HttpResponse.json(
        { error: 'nope', code: status },
        { status, headers: { 'x-request-id': `req_${status}`, location: 'https://evil.test/' } },
      ),
    );
    expect(error).toBeInstanceOf(Class);
    expect(error).toBeInstanceOf(MoMoTalkApiError);
    expect(error).toBeInstanceOf(MoMoTalkError);
    expect(isMoMoTalkError(error)).toBe(true);
    expect(error.name).toBe(name);
    expect(
      error.message.startsWith(
        `Request failed with ${status}: POST /bots/bot_1/messages. Server said: "nope"`,
      ),
    ).toBe(true);
    expect(error.status).toBe(status);
    expect(error.body).toEqual({ error: 'nope', code: status });
    expect(error.requestId).toBe(`req_${status}`);
    expect(error.headers.get('x-request-id')).toBe(`req_${status}`);
    expectNoToken(error);
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({ name, status, requestId: `req_${status}` });
  });

  it('keeps an unparsable error body as text', async () => {
    const error = await failWith(
      () =>
        new HttpResponse('<html>Bad Gateway{', {
          status: 400,
          headers: { 'content-type': 'application/json' },
        }),
    );
    expect(error.body).toBe('<html>Bad Gateway{');
  });

  it('leaves body undefined when the error has none', async () => {
    const error = await failWith(() => new HttpResponse(null, { status: 401 }));
    expect(error.body).toBeUndefined();
    expect(error.requestId).toBeUndefined();
  });

  it('does not leak the token even when the server echoes the request back', async () => {
    server.use(
      http.post(MESSAGES_URL, ({ request }) => {
        const authorization = request.headers.get('authorization') ?? '';
        return HttpResponse.json(
          {
            echoed: authorization,
            nested: { list: [`token=${TOKEN}`, 7, null, { deep: authorization }], ok: true },
            [TOKEN]: 'as a key',
          },
          { status: 401, headers: { 'x-echo-authorization': authorization, 'x-request-id': 'req_1' } },
        );
      }),
    );
    const error = (await rejectionOf(
      new BotClient(noRetry).sendMessage({ room_id: 1, body: 'x' }),
    )) as MoMoTalkApiError;
    // The body keeps all the server said but the secret: the token and Bearer values are redacted.
    expect(error.body).toEqual({
      echoed: 'Bearer [redacted]',
      nested: { list: ['token=[redacted]', 7, null, { deep: 'Bearer [redacted]' }], ok: true },
      '[redacted]': 'as a key',
    });
    expect(error.headers.get('x-echo-authorization')).toBe('Bearer [redacted]');
    expect(error.requestId).toBe('req_1');
    expect(JSON.stringify(error)).not.toContain(TOKEN);
    expect(inspect(error, { depth: null, showHidden: true })).not.toContain(TOKEN);
    expectNoToken(error);
  });

  it('redacts the token from a plain-text error body', async () => {
    const error = await failWith(
      () =>
        new HttpResponse(`bad token ${TOKEN}`, { status: 401, headers: { 'content-type': 'text/plain' } }),
    );
    expect(error.body).toBe('bad token [redacted]');
    expectNoToken(error);
  });

  it('reads Retry-After onto a 429 as seconds, and guards match', async () => {
    const error = await failWith(
      () => new HttpResponse(null, { status: 429, headers: { 'retry-after': '120' } }),
    );
    expect(isMoMoTalkRateLimitError(error)).toBe(true);
    expect((error as MoMoTalkRateLimitError).retryAfter).toBe(120);
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({ retryAfter: 120 });
  });

  it('keeps Retry-After on a 503 (review S4); other 5xx have none', async () => {
    const unavailable = await failWith(
      () => new HttpResponse(null, { status: 503, headers: { 'retry-after': '30' } }),
    );
    expect(unavailable).toBeInstanceOf(MoMoTalkServerError);
    expect((unavailable as MoMoTalkServerError).retryAfter).toBe(30);
    expect(JSON.parse(JSON.stringify(unavailable))).toMatchObject({ status: 503, retryAfter: 30 });
    const failed = await failWith(
      () => new HttpResponse(null, { status: 500, headers: { 'retry-after': '30' } }),
    );
    expect((failed as MoMoTalkServerError).retryAfter).toBeUndefined();
  });

  it('the documented status check narrows any family, e.g. 404', async () => {
    const error: unknown = await failWith(() => new HttpResponse(null, { status: 404 }));
    expect(isMoMoTalkApiError(error) && error.status === 404).toBe(true);
    expect(isMoMoTalkApiError(error) && error.name).toBe('MoMoTalkNotFoundError');
  });

  it('guards reject look-alikes', () => {
    expect(isMoMoTalkApiError(new Error('x'))).toBe(false);
    expect(isMoMoTalkApiError({ name: 'MoMoTalkApiError', status: 400 })).toBe(false);
    expect(isMoMoTalkRateLimitError(null)).toBe(false);
  });
});

describe('what the message says', () => {
  it('quotes a short, sanitised excerpt of the server’s reason, never the token', async () => {
    const reason = `room\n\u0000 closed   by ${TOKEN}; Authorization: Bearer abc.def ${'x'.repeat(300)}`;
    const error = await failWith(() => HttpResponse.json({ message: reason, code: 7 }, { status: 403 }));
    const quoted = /Server said: "(.*)"$/.exec(error.message)?.[1] ?? '';
    expect(quoted.startsWith('room closed by [redacted]; Authorization: Bearer [redacted] xxx')).toBe(true);
    expect(quoted.length).toBeLessThanOrEqual(120);
    expect(quoted.endsWith('…')).toBe(true);
    expect(error.body).toEqual({ message: redactText(reason, TOKEN), code: 7 });
    expect(JSON.stringify(error.body)).toContain('Authorization: Bearer [redacted]');
    expectNoToken(error);
  });

  it.each([
    [{ error: { message: 'nested reason' } }, 'nested reason'],
    [{ error_description: 'oauth style' }, 'oauth style'],
    [{ detail: 'problem+json' }, 'problem+json'],
  ])('finds the reason in %j', async (body, reason) => {
    const error = await failWith(() => HttpResponse.json(body, { status: 400 }));
    expect(error.message).toBe(
      `Request failed with 400: POST /bots/bot_1/messages. Server said: "${reason}"`,
    );
  });

  it('quotes a plain-text body but not an HTML page or an empty body', async () => {
    const text = await failWith(() => new HttpResponse('upstream down', { status: 502 }));
    expect(text.message).toBe(
      'Request failed with 502: POST /bots/bot_1/messages. Server said: "upstream down"',
    );
    const html = await failWith(() => new HttpResponse('<html><b>502</b></html>', { status: 502 }));
    expect(html.message).toBe('Request failed with 502: POST /bots/bot_1/messages');
    const empty = await failWith(() => new HttpResponse(null, { status: 401 }));
    expect(empty.message).toBe('Request failed with 401: POST /bots/bot_1/messages');
  });

  it('a 404 says the base URL ends in /api', async () => {
    const error = await failWith(() => new HttpResponse(null, { status: 404 }));
    expect(error.message).toBe(
      'Request failed with 404: POST /bots/bot_1/messages. Check botId and baseUrl: the base URL ends in /api, e.g. https://bot.mmrnd.net/api',
    );
  });

  it('a 429 says how often it was retried', async () => {
    server.use(
      http.post(MESSAGES_URL, () => new HttpResponse(null, { status: 429, headers: { 'retry-after': '0' } })),
    );
    const retried = (await rejectionOf(new BotClient(FAST).sendMessage({ room_id: 1, body: 'x' }))) as Error;
    expect(retried.message).toBe('Request failed with 429: POST /bots/bot_1/messages. Retried 2 times');
    const once = (await rejectionOf(
      new BotClient({ ...FAST, retry: 1 }).sendMessage({ room_id: 1, body: 'x' }),
    )) as Error;
    expect(once.message).toBe('Request failed with 429: POST /bots/bot_1/messages. Retried 1 time');
    const off = (await rejectionOf(new BotClient(noRetry).sendMessage({ room_id: 1, body: 'x' }))) as Error;
    expect(off.message).toBe('Request failed with 429: POST /bots/bot_1/messages. Not retried');
  });

  it('a Retry-After beyond the cap, or beyond totalTimeout, says why it was not waited for', async () => {
    server.use(
      http.post(
        MESSAGES_URL,
        () => new HttpResponse(null, { status: 503, headers: { 'retry-after': '120' } }),
      ),
    );
    const capped = (await rejectionOf(new BotClient(FAST).sendMessage({ room_id: 1, body: 'x' }))) as Error;
    expect(capped.message).toBe(
      'Request failed with 503: POST /bots/bot_1/messages. Not retried: Retry-After (120 s) is over retry.maxRetryAfter (60 s), so it was not waited for',
    );
    const budget = (await rejectionOf(
      new BotClient({ ...FAST, retry: { maxRetryAfter: 300 }, totalTimeout: 1000 }).sendMessage({
        room_id: 1,
        body: 'x',
      }),
    )) as Error;
    expect(budget.message).toBe(
      'Request failed with 503: POST /bots/bot_1/messages. Not retried: the next wait (120000 ms) would outlast totalTimeout',
    );
  });
});

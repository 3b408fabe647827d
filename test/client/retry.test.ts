import { delay, HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BotClient } from '../../src/client/bot-client.js';
import type { RetryInfo } from '../../src/client/retry-policy.js';
import {
  backoffCeiling,
  DEFAULT_RETRY_POLICY,
  parseRetryAfter,
  retryStatuses,
} from '../../src/client/retry-policy.js';
import type { MoMoTalkRateLimitError } from '../../src/errors/api-error.js';
import { isMoMoTalkTimeoutError, type MoMoTalkTimeoutError } from '../../src/errors/timeout-error.js';
import { expectNoToken, FAST, MESSAGES_URL, rejectionOf } from './support.js';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

/** A handler answering from `responses` in turn (the last one repeats), counting attempts. */
function sequence(...responses: Array<() => Response | Promise<Response>>): { attempts: () => number } {
  let count = 0;
  server.use(
    http.post(MESSAGES_URL, () => {
      const next = responses[Math.min(count, responses.length - 1)] as () => Response;
      count++;
      return next();
    }),
  );
  return { attempts: () => count };
}

const status =
  (code: number, headers: Record<string, string> = {}) =>
  () =>
    new HttpResponse(null, { status: code, headers });

describe('default retry policy', () => {
  it.each([429, 503])('retries %i and then succeeds', async (code) => {
    const server = sequence(status(code), () => HttpResponse.json({ ok: true }));
    const result = await new BotClient(FAST).sendMessage({ room_id: 1, body: 'x' });
    expect(result.data).toEqual({ ok: true });
    expect(server.attempts()).toBe(2);
  });

  it.each([500, 502, 504, 400, 401, 404, 409, 422])('never retries %i by default', async (code) => {
    const server = sequence(status(code));
    await rejectionOf(new BotClient(FAST).sendMessage({ room_id: 1, body: 'x' }));
    expect(server.attempts()).toBe(1);
  });

  it.each([500, 502, 504])('retries %i with retry.unsafe', async (code) => {
    const server = sequence(status(code), () => HttpResponse.json({}));
    await new BotClient({ ...FAST, retry: { ...FAST.retry, unsafe: true } }).sendMessage({
      room_id: 1,
      body: 'x',
    });
    expect(server.attempts()).toBe(2);
  });

  it('stops a retry storm after limit + 1 attempts and throws the last error', async () => {
    const server = sequence(status(503));
    const retries: RetryInfo[] = [];
    const client = new BotClient({
      ...FAST,
      retry: { ...FAST.retry, limit: 3 },
      hooks: { onRetry: (i) => void retries.push(i) },
    });
    const error = (await rejectionOf(client.sendMessage({ room_id: 1, body: 'x' }))) as Error;
    expect(error.name).toBe('MoMoTalkServerError');
    expect(server.attempts()).toBe(4);
    expect(retries.map((info) => info.retry)).toEqual([1, 2, 3]);
    expectNoToken(error);
  });

  it('uses the default limit of 2 retries', async () => {
    const server = sequence(status(429, { 'retry-after': '0' }));
    await rejectionOf(new BotClient({ ...FAST, retry: undefined }).sendMessage({ room_id: 1, body: 'x' }));
    expect(server.attempts()).toBe(3);
  });

  it('retry: false and retry: 0 disable retries; a per-call retry overrides the client', async () => {
    let server = sequence(status(503));
    await rejectionOf(new BotClient({ ...FAST, retry: false }).sendMessage({ room_id: 1, body: 'x' }));
    expect(server.attempts()).toBe(1);
    server = sequence(status(503));
    await rejectionOf(new BotClient({ ...FAST, retry: 0 }).sendMessage({ room_id: 1, body: 'x' }));
    expect(server.attempts()).toBe(1);
    server = sequence(status(503), () => HttpResponse.json({}));
    await new BotClient({ ...FAST, retry: false }).sendMessage(
      { room_id: 1, body: 'x' },
      { retry: { limit: 1, baseDelay: 1 } },
    );
    expect(server.attempts()).toBe(2);
  });
});

describe('Retry-After', () => {
  it('waits the seconds the server asks for', async () => {
    const server = sequence(status(429, { 'retry-after': '0' }), () => HttpResponse.json({}));
    const delays: number[] = [];
    await new BotClient({ ...FAST, hooks: { onRetry: (i) => void delays.push(i.delay) } }).sendMessage({
      room_id: 1,
      body: 'x',
    });
    expect(delays).toEqual([0]);
    expect(server.attempts()).toBe(2);
  });

  it('accepts an HTTP date', async () => {
    const past = new Date(Date.now() - 5000).toUTCString();
    const server = sequence(status(503, { 'retry-after': past }), () => HttpResponse.json({}));
    const delays: number[] = [];
    await new BotClient({ ...FAST, hooks: { onRetry: (i) => void delays.push(i.delay) } }).sendMessage({
      room_id: 1,
      body: 'x',
    });
    expect(delays).toEqual([0]);
    expect(server.attempts()).toBe(2);
  });

  it('does not wait longer than maxRetryAfter: it throws at once with retryAfter set', async () => {
    const future = new Date(Date.now() + 3_600_000).toUTCString();
    let server = sequence(status(429, { 'retry-after': future }));
    const error = (await rejectionOf(
      new BotClient(FAST).sendMessage({ room_id: 1, body: 'x' }),
    )) as MoMoTalkRateLimitError;
    expect(server.attempts()).toBe(1);
    expect(error.retryAfter).toBeGreaterThan(3500);

    server = sequence(status(429, { 'retry-after': '5' }));
    await rejectionOf(
      new BotClient({ ...FAST, retry: { maxRetryAfter: 4 } }).sendMessage({ room_id: 1, body: 'x' }),
    );
    expect(server.attempts()).toBe(1);
  });

  it('gives up when the wait would pass totalTimeout', async () => {
    const server = sequence(status(429, { 'retry-after': '30' }));
    const error = (await rejectionOf(
      new BotClient({ ...FAST, totalTimeout: 1000 }).sendMessage({ room_id: 1, body: 'x' }),
    )) as Error;
    expect(error.name).toBe('MoMoTalkRateLimitError');
    expect(server.attempts()).toBe(1);
  });

  it('parses seconds and dates, and ignores garbage', () => {
    const now = Date.parse('Sun, 07 Jun 2026 12:00:00 GMT');
    expect(parseRetryAfter('7', now)).toBe(7);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('Sun, 07 Jun 2026 12:00:30 GMT', now)).toBe(30);
    expect(parseRetryAfter('Sun, 07 Jun 2026 11:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('-1', now)).toBeUndefined();
    expect(parseRetryAfter('1.5', now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});

describe('rate-limit headers other than Retry-After (the platform documents none)', () => {
  const epochIn = (seconds: number): string => String(Math.ceil(Date.now() / 1000) + seconds);

  it.each([
    ['x-ratelimit-reset', () => epochIn(3600)],
    ['x-rate-limit-reset', () => epochIn(3600)],
    ['ratelimit-reset', () => '3600'],
    ['x-ratelimit-retry-after', () => '3600'],
  ])(
    'a 429 with only %s is retried after the backoff (the header is not read) and ends as the 429, never a timeout',
    async (header, value) => {
      const server = sequence(status(429, { [header]: value() }));
      const started = performance.now();
      const error = (await rejectionOf(
        new BotClient({ ...FAST, totalTimeout: 1500 }).sendMessage({ room_id: 1, body: 'x' }),
      )) as MoMoTalkRateLimitError;
      expect(error.name).toBe('MoMoTalkRateLimitError');
      expect(error.retryAfter).toBeUndefined();
      expect(server.attempts()).toBe(3); // the first attempt and the default two retries
      expect(performance.now() - started).toBeLessThan(1000);
    },
  );

  it('a backoff that would outlast totalTimeout is not started: the 429 is thrown at once', async () => {
    const server = sequence(status(429, { 'x-ratelimit-reset': epochIn(5) }));
    const error = (await rejectionOf(
      new BotClient({ ...FAST, retry: { baseDelay: 5000, maxDelay: 5000 }, totalTimeout: 1500 }).sendMessage({
        room_id: 1,
        body: 'x',
      }),
    )) as MoMoTalkRateLimitError;
    expect(error.name).toBe('MoMoTalkRateLimitError');
    expect(error.message).toMatch(/would outlast totalTimeout/);
    expect(server.attempts()).toBe(1);
  });

  it('onRetry is told the backoff it waited', async () => {
    const retries: RetryInfo[] = [];
    const server = sequence(status(503, { 'ratelimit-reset': '30' }), () => HttpResponse.json({ ok: true }));
    await new BotClient({ ...FAST, hooks: { onRetry: (info) => void retries.push(info) } }).sendMessage({
      room_id: 1,
      body: 'x',
    });
    expect(server.attempts()).toBe(2);
    expect(retries).toHaveLength(1);
    expect(retries[0]?.delay).toBeLessThanOrEqual(2); // FAST's maxDelay, not the header's 30 s
  });

  it('Retry-After wins over them', async () => {
    sequence(status(429, { 'retry-after': '7', 'x-ratelimit-reset': epochIn(3600) }));
    const capped = (await rejectionOf(
      new BotClient({ ...FAST, retry: false }).sendMessage({ room_id: 1, body: 'x' }),
    )) as MoMoTalkRateLimitError;
    expect(capped.retryAfter).toBe(7);
  });
});

describe('backoff', () => {
  it('waits a random time under an exponential ceiling capped at maxDelay (full jitter)', async () => {
    const policy = { ...DEFAULT_RETRY_POLICY, baseDelay: 100, maxDelay: 1000 };
    expect([1, 2, 3, 4, 5, 10].map((retry) => backoffCeiling(policy, retry))).toEqual([
      100, 200, 400, 800, 1000, 1000,
    ]);
    const server = sequence(status(503));
    const delays: number[] = [];
    await rejectionOf(
      new BotClient({
        ...FAST,
        retry: { limit: 3, baseDelay: 8, maxDelay: 20 },
        hooks: { onRetry: (info) => void delays.push(info.delay) },
      }).sendMessage({ room_id: 1, body: 'x' }),
    );
    expect(server.attempts()).toBe(4);
    expect(delays).toHaveLength(3);
    for (const [index, delay] of delays.entries()) {
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThanOrEqual([8, 16, 20][index] as number);
    }
  });
});

describe('timeouts and aborts', () => {
  it('times out a hung server and does not retry the timeout by default', async () => {
    const server = sequence(async () => {
      await delay('infinite');
      return HttpResponse.json({});
    });
    const error = await rejectionOf(
      new BotClient({ ...FAST, timeout: 50 }).sendMessage({ room_id: 1, body: 'x' }),
    );
    expect(isMoMoTalkTimeoutError(error)).toBe(true);
    expect(error).toMatchObject({ name: 'MoMoTalkTimeoutError', timeout: 50, kind: 'attempt' });
    expect((error as Error).message).toBe(
      'Request timed out after 50 ms (timeout): POST /bots/bot_1/messages',
    );
    expect(server.attempts()).toBe(1);
    expectNoToken(error);
  });

  it('does not count a slow onRequest hook (or loading ky) against the attempt timeout', async () => {
    sequence(() => HttpResponse.json({ ok: true }));
    const client = new BotClient({
      ...FAST,
      timeout: 50,
      hooks: { onRequest: () => new Promise((resolve) => setTimeout(resolve, 120)) },
    });
    expect((await client.sendMessage({ room_id: 1, body: 'x' })).data).toEqual({ ok: true });
  });

  it('retries a timeout with retry.unsafe', async () => {
    const server = sequence(
      async () => {
        await delay('infinite');
        return HttpResponse.json({});
      },
      () => HttpResponse.json({ second: true }),
    );
    const result = await new BotClient({
      ...FAST,
      timeout: 50,
      retry: { ...FAST.retry, unsafe: true },
    }).sendMessage({
      room_id: 1,
      body: 'x',
    });
    expect(result.data).toEqual({ second: true });
    expect(server.attempts()).toBe(2);
  });

  it('a per-call timeout overrides the client’s', async () => {
    sequence(async () => {
      await delay('infinite');
      return HttpResponse.json({});
    });
    const error = await rejectionOf(
      new BotClient(FAST).sendMessage({ room_id: 1, body: 'x' }, { timeout: 30 }),
    );
    expect(error).toMatchObject({ timeout: 30 });
  });

  it('totalTimeout bounds the whole call', async () => {
    sequence(async () => {
      await delay('infinite');
      return HttpResponse.json({});
    });
    const error = (await rejectionOf(
      new BotClient({ ...FAST, timeout: 5000, totalTimeout: 60 }).sendMessage({ room_id: 1, body: 'x' }),
    )) as MoMoTalkTimeoutError;
    expect(error).toMatchObject({ name: 'MoMoTalkTimeoutError', kind: 'total', timeout: 60 });
    expect(error.message).toMatch(/totalTimeout/);
  });

  it('an aborted signal rejects with its reason and sends nothing', async () => {
    const server = sequence(() => HttpResponse.json({}));
    const controller = new AbortController();
    controller.abort(new Error('user gave up'));
    await expect(
      new BotClient(FAST).sendMessage({ room_id: 1, body: 'x' }, { signal: controller.signal }),
    ).rejects.toThrow('user gave up');
    expect(server.attempts()).toBe(0);
  });

  it('aborting mid-request rejects with the abort reason', async () => {
    sequence(async () => {
      await delay('infinite');
      return HttpResponse.json({});
    });
    const controller = new AbortController();
    const pending = new BotClient(FAST).sendMessage({ room_id: 1, body: 'x' }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    const error = (await rejectionOf(pending)) as Error;
    expect(error.name).toBe('AbortError');
  });

  it('aborting cancels the wait between retries', async () => {
    const server = sequence(status(429, { 'retry-after': '50' }));
    const controller = new AbortController();
    const retries: RetryInfo[] = [];
    const client = new BotClient({
      ...FAST,
      retry: { maxRetryAfter: 60 },
      hooks: {
        // The wait starts once the 429 is in: abort a little later, during the 50 s wait.
        onResponse: () => void setTimeout(() => controller.abort(new Error('stop waiting')), 20),
        onRetry: (info) => void retries.push(info),
      },
    });
    const started = performance.now();
    await expect(
      client.sendMessage({ room_id: 1, body: 'x' }, { signal: controller.signal }),
    ).rejects.toThrow('stop waiting');
    expect(performance.now() - started).toBeLessThan(5000);
    expect(server.attempts()).toBe(1);
    expect(retries).toHaveLength(0);
  });
});

describe('retry statuses', () => {
  it('are built once per policy, not on every send', () => {
    const safe = DEFAULT_RETRY_POLICY;
    const unsafe = { ...DEFAULT_RETRY_POLICY, unsafe: true };
    expect(retryStatuses(safe)).toBe(retryStatuses({ ...safe }));
    expect(retryStatuses(unsafe)).toBe(retryStatuses({ ...unsafe }));
    expect(retryStatuses(safe)).toEqual([429, 503]);
    expect(retryStatuses(unsafe)).toEqual([429, ...Array.from({ length: 100 }, (_, i) => 500 + i)]);
    expect(Object.isFrozen(retryStatuses(unsafe))).toBe(true);
  });
});

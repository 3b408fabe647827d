import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BotClient } from '../../src/client/bot-client.js';
import { SDK_VERSION } from '../../src/internal/sdk-version.js';
import { FAST, MESSAGES_URL, PAYLOAD, rejectionOf, TOKEN } from './support.js';

const server = setupServer();
const seen: Request[] = [];

beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => {
  server.resetHandlers();
  seen.length = 0;
});
afterAll(() => server.close());

function answer(response: () => Response): void {
  server.use(
    http.post(MESSAGES_URL, ({ request }) => {
      seen.push(request.clone());
      return response();
    }),
  );
}

describe('sendMessage', () => {
  it('POSTs the guide’s wire format with the bearer token, JSON and the SDK user agent', async () => {
    answer(() => HttpResponse.json({ ok: true, message_id: 789 }, { headers: { 'x-request-id': 'req_1' } }));
    const client = new BotClient(FAST);
    const result = await client.sendMessage(PAYLOAD);

    expect(seen).toHaveLength(1);
    const request = seen[0] as Request;
    expect(request.method).toBe('POST');
    expect(request.url).toBe(MESSAGES_URL);
    expect(request.headers.get('authorization')).toBe(`Bearer ${TOKEN}`);
    expect(request.headers.get('content-type')).toBe('application/json');
    expect(request.headers.get('user-agent')).toBe(`momotalk-bot-sdk/${SDK_VERSION}`);
    expect(await request.text()).toBe(
      '{"room_id":123,"body":"Thanks. I received your message.","reply_to_message_id":456,"metadata":{"intent":"ack"}}',
    );
    expect(result).toMatchObject({
      status: 200,
      requestId: 'req_1',
      messageId: 789,
      data: { ok: true, message_id: 789 },
    });
    expect(result.response).toBeInstanceOf(Response);
  });

  it('puts a custom product token before the SDK’s in User-Agent', async () => {
    answer(() => HttpResponse.json({}));
    await new BotClient({ ...FAST, userAgent: 'my-bot/2.0' }).sendMessage({ room_id: 1, body: 'x' });
    expect(seen[0]?.headers.get('user-agent')).toBe(`my-bot/2.0 momotalk-bot-sdk/${SDK_VERSION}`);
  });

  it('sends only the documented fields, and no optional field that was not given', async () => {
    answer(() => HttpResponse.json({}));
    const params = { room_id: 'r_1', body: 'hi', extra: 'dropped' } as Parameters<
      BotClient['sendMessage']
    >[0];
    await new BotClient(FAST).sendMessage(params);
    expect(await seen[0]?.json()).toEqual({ room_id: 'r_1', body: 'hi' });
  });

  it.each([
    [{ body: 'hi' }, /room_id is required/],
    [{ room_id: 1, body: '' }, /body must not be empty/],
    [{ room_id: 1 }, /body is required/],
    [{ room_id: 1.5, body: 'x' }, /room_id/],
    [{ room_id: 1, body: 'x', reply_to_message_id: '' }, /reply_to_message_id/],
    [{ room_id: 1, body: 'x', metadata: { n: 10n } }, /metadata is not JSON-serialisable: n is a bigint/],
    [
      { room_id: 1, body: 'x', metadata: { f: () => 1 } },
      /metadata is not JSON-serialisable: f is a function/,
    ],
    [{ room_id: 1, body: 'x', metadata: { m: new Map() } }, /m is a Map instance/],
    [{ room_id: 1, body: 'x', metadata: { n: Number.NaN } }, /n is NaN/],
    [{ room_id: 1, body: 'x', metadata: 'ack' }, /metadata must be a plain object/],
    [null, /params must be an object/],
  ])('rejects %o with a clear TypeError and sends nothing', async (params, message) => {
    answer(() => HttpResponse.json({}));
    const error = await rejectionOf(
      new BotClient(FAST).sendMessage(params as unknown as Parameters<BotClient['sendMessage']>[0]),
    );
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(/^\[momotalk-bot-sdk\] sendMessage: /);
    expect((error as Error).message).toMatch(message);
    expect(seen).toHaveLength(0);
  });

  it('rejects circular metadata', async () => {
    const metadata: Record<string, unknown> = {};
    metadata.self = metadata;
    const error = await rejectionOf(
      new BotClient(FAST).sendMessage({ room_id: 1, body: 'x', metadata } as never),
    );
    expect((error as Error).message).toMatch(/self is a circular reference/);
  });

  it('accepts JSON-able metadata: nested values, dates, undefined properties', async () => {
    answer(() => HttpResponse.json({}));
    await new BotClient(FAST).sendMessage({
      room_id: 1,
      body: 'x',
      metadata: { a: [1, 'two', null, { b: true }], at: new Date(0) as never, skipped: undefined },
    });
    expect(await seen[0]?.json()).toEqual({
      room_id: 1,
      body: 'x',
      metadata: { a: [1, 'two', null, { b: true }], at: '1970-01-01T00:00:00.000Z' },
    });
  });
});

describe('reply', () => {
  it('fills room_id and reply_to_message_id from a talk.message_created event', async () => {
    answer(() => HttpResponse.json({ message_id: 'm_2' }));
    const event = {
      event_id: 'evt_1',
      event_type: 'talk.message_created' as const,
      bot_id: 'bot_1',
      timestamp: 1780833600,
      message: {
        room_id: 123,
        message_id: 456,
        sender_user_id: 'user_1',
        body: 'hello',
        message_type: 'TEXT',
        created_at: 1780833600,
      },
    };
    const result = await new BotClient(FAST).reply(event, 'Echo: hello', { metadata: { source: 'example' } });
    expect(await seen[0]?.json()).toEqual({
      room_id: 123,
      reply_to_message_id: 456,
      body: 'Echo: hello',
      metadata: { source: 'example' },
    });
    expect(result.messageId).toBe('m_2');
  });

  it('rejects something that is not an event', async () => {
    const error = await rejectionOf(new BotClient(FAST).reply({} as never, 'x'));
    expect((error as Error).message).toMatch(/reply: event\.message is missing/);
  });
});

describe('lenient success bodies', () => {
  it.each([
    ['an empty body', () => new HttpResponse(null, { status: 200 }), undefined, ''],
    ['a 204', () => new HttpResponse(null, { status: 204 }), undefined, ''],
    ['text', () => HttpResponse.text('accepted', { status: 202 }), undefined, 'accepted'],
    [
      'broken JSON',
      () => HttpResponse.text('{"ok":', { headers: { 'content-type': 'application/json' } }),
      undefined,
      '{"ok":',
    ],
    ['a JSON array', () => HttpResponse.json([1, 2]), undefined, '[1,2]'],
    [
      'an unexpected object',
      () => HttpResponse.json({ result: { id: 5 }, message_id: { x: 1 } }),
      { result: { id: 5 }, message_id: { x: 1 } },
      undefined,
    ],
  ])('treats %s as a success', async (_name, response, data, text) => {
    answer(response);
    const result = await new BotClient(FAST).sendMessage({ room_id: 1, body: 'x' });
    expect(result.status).toBeGreaterThanOrEqual(200);
    expect(result.data).toEqual(data);
    if (text !== undefined) expect(result.text).toBe(text);
    expect(result.messageId).toBeUndefined();
  });

  it.each([['x-request-id'], ['x-momotalk-request-id'], ['request-id'], ['x-amzn-requestid']])(
    'reads the request id from %s',
    async (header) => {
      answer(() => HttpResponse.json({}, { headers: { [header]: 'rid_9' } }));
      expect((await new BotClient(FAST).sendMessage({ room_id: 1, body: 'x' })).requestId).toBe('rid_9');
    },
  );
});

describe('hooks and logger', () => {
  it('reports each attempt without the token', async () => {
    let calls = 0;
    server.use(
      http.post(MESSAGES_URL, () =>
        ++calls === 1 ? new HttpResponse(null, { status: 503 }) : HttpResponse.json({}),
      ),
    );
    const events: unknown[] = [];
    const lines: string[] = [];
    const client = new BotClient({
      ...FAST,
      hooks: {
        onRequest: (info) => void events.push(['request', info]),
        onResponse: (info) => void events.push(['response', { ...info, durationMs: typeof info.durationMs }]),
        onRetry: (info) =>
          void events.push(['retry', { ...info, error: info.error.name, delay: typeof info.delay }]),
      },
      logger: {
        debug: (fields, line) => lines.push(line, JSON.stringify(fields)),
        warn: (fields, line) => lines.push(line, JSON.stringify(fields)),
      },
    });
    await client.sendMessage({ room_id: 1, body: 'x' });
    const path = '/bots/bot_1/messages';
    expect(events).toEqual([
      ['request', { method: 'POST', path, attempt: 1 }],
      [
        'response',
        { method: 'POST', path, attempt: 1, status: 503, requestId: undefined, durationMs: 'number' },
      ],
      ['retry', { retry: 1, delay: 'number', error: 'MoMoTalkServerError', method: 'POST', path }],
      ['request', { method: 'POST', path, attempt: 2 }],
      [
        'response',
        { method: 'POST', path, attempt: 2, status: 200, requestId: undefined, durationMs: 'number' },
      ],
    ]);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of [...lines, JSON.stringify(events)]) expect(line).not.toContain(TOKEN);
  });

  it('rejects with the error a hook throws', async () => {
    answer(() => HttpResponse.json({}));
    const client = new BotClient({
      ...FAST,
      hooks: {
        onRequest: () => {
          throw new Error('hook failed');
        },
      },
    });
    await expect(client.sendMessage({ room_id: 1, body: 'x' })).rejects.toThrow('hook failed');
    expect(seen).toHaveLength(0);
  });
});

describe('orderedRooms', () => {
  it('delivers concurrent sends to one room in call order, even when earlier ones are slower', async () => {
    const order: string[] = [];
    server.use(
      http.post(MESSAGES_URL, async ({ request }) => {
        const { body } = (await request.json()) as { body: string };
        await new Promise((resolve) => setTimeout(resolve, body === 'first' ? 30 : 1));
        order.push(body);
        return body === 'second' ? new HttpResponse(null, { status: 400 }) : HttpResponse.json({});
      }),
    );
    const client = new BotClient({ ...FAST, orderedRooms: true });
    const results = await Promise.allSettled([
      client.sendMessage({ room_id: 7, body: 'first' }),
      client.sendMessage({ room_id: 7, body: 'second' }),
      client.sendMessage({ room_id: 7, body: 'third' }),
    ]);
    expect(order).toEqual(['first', 'second', 'third']);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });

  it('without orderedRooms, sends to one room run concurrently', async () => {
    const order: string[] = [];
    let secondDone: () => void = () => {};
    const secondSeen = new Promise<void>((resolve) => {
      secondDone = resolve;
    });
    server.use(
      http.post(MESSAGES_URL, async ({ request }) => {
        const { body } = (await request.json()) as { body: string };
        if (body === 'first') await secondSeen;
        order.push(body);
        if (body === 'second') secondDone();
        return HttpResponse.json({});
      }),
    );
    const client = new BotClient(FAST);
    await Promise.all([
      client.sendMessage({ room_id: 7, body: 'first' }),
      client.sendMessage({ room_id: 7, body: 'second' }),
    ]);
    expect(order).toEqual(['second', 'first']);
  });
});

it('uses a base URL with a path', async () => {
  server.use(http.post('https://other.test/v2/bots/bot_1/messages', () => HttpResponse.json({ ok: 1 })));
  const result = await new BotClient({ ...FAST, baseUrl: 'https://other.test/v2/' }).sendMessage({
    room_id: 1,
    body: 'x',
  });
  expect(result.data).toEqual({ ok: 1 });
});

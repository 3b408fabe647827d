import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BotClient } from '../../src/client/bot-client.js';
import { forgetProxyVariables, selectDefaultFetch } from '../../src/client/default-fetch.js';
import { createNodeFetch } from '../../src/client/node-fetch.js';
import { BOT_ID, rejectionOf, TOKEN } from './support.js';

type Handler = (request: IncomingMessage, body: Buffer, response: ServerResponse) => void;

let handler: Handler = (_request, _body, response) => response.end();
let hits = 0;
let server: Server;
let origin = '';
const nodeFetch = createNodeFetch() as typeof fetch;

/** A request through the lean transport, as ky hands it over: one `Request`, taken as it is. */
function lean(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string; signal?: AbortSignal } = {},
): Promise<Response> {
  return nodeFetch(new Request(url, init));
}

beforeAll(async () => {
  server = createServer(async (request, response) => {
    hits++;
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    handler(request, Buffer.concat(chunks), response);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterEach(() => {
  hits = 0;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

describe('the lean Node transport against a real node:http server', () => {
  it('sends method, headers and body, and returns a real Response', async () => {
    let seen: { method?: string | undefined; headers?: IncomingMessage['headers']; body?: string } = {};
    handler = (request, body, response) => {
      seen = { method: request.method, headers: request.headers, body: body.toString() };
      response.writeHead(201, 'Made', [
        'content-type',
        'application/json',
        'set-cookie',
        'a=1',
        'set-cookie',
        'b=2',
        'x-request-id',
        'r1',
      ]);
      response.end('{"ok":true}');
    };
    const response = await lean(`${origin}/p?q=1`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-test': 'yes' },
      body: '{"a":"é"}',
    });
    expect(response).toBeInstanceOf(Response);
    expect(response.status).toBe(201);
    expect(response.statusText).toBe('Made');
    expect(response.headers.get('x-request-id')).toBe('r1');
    expect(response.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
    expect(await response.json()).toEqual({ ok: true });
    expect(seen.method).toBe('POST');
    expect(seen.headers?.['x-test']).toBe('yes');
    expect(seen.headers?.['content-length']).toBe(String(Buffer.byteLength('{"a":"é"}')));
    expect(seen.body).toBe('{"a":"é"}');
  });

  it('takes fetch’s (url, init) as well as a Request', async () => {
    handler = (request, body, response) => response.end(`${request.method} ${body.toString()}`);
    const response = await nodeFetch(`${origin}/plain`, { method: 'PUT', body: 'abc' });
    expect(await response.text()).toBe('PUT abc');
    expect(hits).toBe(1);
  });

  it.each([
    [12, 'streams a large body of unknown length (768 KiB)'],
    [20, 'streams 1.25 MiB: the 1 MiB limit is the client’s, not the transport’s'],
  ])('%i chunks of 64 KiB: %s', async (count) => {
    const chunk = 'x'.repeat(64 * 1024);
    handler = (_request, _body, response) => {
      response.writeHead(200, { 'content-type': 'text/plain' });
      let sent = 0;
      const write = (): void => {
        while (sent < count) {
          sent++;
          if (!response.write(chunk)) {
            response.once('drain', write);
            return;
          }
        }
        response.end();
      };
      write();
    };
    const response = await lean(`${origin}/big`);
    expect(response.body).not.toBeNull();
    expect((await response.text()).length).toBe(count * chunk.length);
  });

  it('decodes gzip bodies', async () => {
    handler = (_request, _body, response) => {
      response.writeHead(200, { 'content-encoding': 'gzip', 'content-type': 'application/json' });
      response.end(gzipSync('{"zipped":true}'));
    };
    expect(await (await lean(`${origin}/gz`)).json()).toEqual({ zipped: true });
  });

  it('returns null bodies for 204 and HEAD', async () => {
    handler = (_request, _body, response) => {
      response.writeHead(204);
      response.end();
    };
    const response = await lean(`${origin}/none`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(204);
    expect(response.body).toBeNull();
  });

  it('aborts a hung request with the signal’s reason', async () => {
    handler = () => {};
    const controller = new AbortController();
    const pending = lean(`${origin}/hang`, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('cancelled')), 20);
    expect(await rejectionOf(pending)).toMatchObject({ message: 'cancelled' });
  });

  it('aborts a body mid-stream', async () => {
    handler = (_request, _body, response) => {
      response.writeHead(200);
      response.write('partial');
    };
    const controller = new AbortController();
    const response = await lean(`${origin}/half`, { signal: controller.signal });
    const reading = response.text();
    controller.abort(new Error('stop'));
    expect(await rejectionOf(reading)).toMatchObject({ message: 'stop' });
  });

  it('reports a body cut off by the server as a failure', async () => {
    handler = (_request, _body, response) => {
      response.writeHead(200, { 'content-length': '100' });
      response.write('short');
      setTimeout(() => response.destroy(), 5);
    };
    const error = await rejectionOf(lean(`${origin}/cut`).then((response) => response.text()));
    expect(error).toBeInstanceOf(TypeError);
  });

  it('never follows redirects', async () => {
    handler = (_request, _body, response) => {
      response.writeHead(307, { location: 'http://127.0.0.1:1/elsewhere' });
      response.end();
    };
    const response = await lean(`${origin}/moved`, { method: 'POST', body: 'x' });
    expect(response.status).toBe(307);
    expect(response.headers.get('location')).toBe('http://127.0.0.1:1/elsewhere');
    expect(hits).toBe(1);
  });

  it('reuses connections (keep-alive)', async () => {
    const sockets = new Set<unknown>();
    handler = (request, _body, response) => {
      sockets.add(request.socket);
      response.end('ok');
    };
    for (let index = 0; index < 3; index++) await (await lean(`${origin}/ka`)).text();
    expect(sockets.size).toBe(1);
  });
});

describe('BotClient over real loopback HTTP', () => {
  it.each([
    ['the lean transport', nodeFetch],
    ['the global fetch', globalThis.fetch],
  ])('does not follow a redirect to another origin with the token (%s)', async (_name, fetch) => {
    const other = createServer((request, response) => {
      response.end(request.headers.authorization ?? 'none');
    });
    other.listen(0, '127.0.0.1');
    await once(other, 'listening');
    let otherHits = 0;
    other.on('request', () => otherHits++);
    try {
      const target = `http://127.0.0.1:${(other.address() as { port: number }).port}/steal`;
      handler = (_request, _body, response) => {
        response.writeHead(307, { location: target });
        response.end();
      };
      const client = new BotClient({ botId: BOT_ID, token: TOKEN, baseUrl: origin, fetch, retry: false });
      const error = await rejectionOf(client.sendMessage({ room_id: 1, body: 'x' }));
      expect(error).toMatchObject({ name: 'MoMoTalkApiError', status: 307 });
      expect(otherHits).toBe(0);
    } finally {
      other.close();
    }
  });

  it('uses the lean transport by default on Node, and sends the same request as fetch', async () => {
    expect(selectDefaultFetch()).not.toBe(globalThis.fetch);
    const seen: Array<{ headers: IncomingMessage['headers']; body: string }> = [];
    handler = (request, body, response) => {
      seen.push({ headers: request.headers, body: body.toString() });
      response.writeHead(200, { 'content-type': 'application/json', 'x-request-id': 'rid' });
      response.end('{"message_id":5}');
    };
    const lean = new BotClient({ botId: BOT_ID, token: TOKEN, baseUrl: origin });
    const viaFetch = new BotClient({ botId: BOT_ID, token: TOKEN, baseUrl: origin, fetch: globalThis.fetch });
    const a = await lean.sendMessage({ room_id: 1, body: 'x' });
    const b = await viaFetch.sendMessage({ room_id: 1, body: 'x' });
    expect([a.messageId, a.requestId]).toEqual([5, 'rid']);
    expect([b.messageId, b.requestId]).toEqual([5, 'rid']);
    for (const { headers, body } of seen) {
      expect(headers.authorization).toBe(`Bearer ${TOKEN}`);
      expect(headers['content-type']).toBe('application/json');
      expect(headers['user-agent']).toMatch(/^momotalk-bot-sdk\//);
      expect(body).toBe('{"room_id":1,"body":"x"}');
    }
  });

  it('times out a hung server through the lean transport, and the socket is released', async () => {
    handler = () => {};
    const client = new BotClient({ botId: BOT_ID, token: TOKEN, baseUrl: origin, timeout: 50 });
    const error = await rejectionOf(client.sendMessage({ room_id: 1, body: 'x' }));
    expect(error).toMatchObject({ name: 'MoMoTalkTimeoutError', kind: 'attempt', timeout: 50 });
    expect(hits).toBe(1);
    handler = (_request, _body, response) => response.end('{}');
    expect((await client.sendMessage({ room_id: 1, body: 'y' })).status).toBe(200);
  });

  it('retries a 503 with Retry-After through the lean transport', async () => {
    let calls = 0;
    handler = (_request, _body, response) => {
      calls++;
      if (calls === 1) {
        response.writeHead(503, { 'retry-after': '0' });
        response.end('busy');
        return;
      }
      response.end('{"message_id":1}');
    };
    const client = new BotClient({ botId: BOT_ID, token: TOKEN, baseUrl: origin });
    expect((await client.sendMessage({ room_id: 1, body: 'x' })).messageId).toBe(1);
    expect(calls).toBe(2);
  });

  it('falls back to the global fetch when it is replaced', async () => {
    const original = globalThis.fetch;
    const replaced = async (): Promise<Response> => new Response('{"mocked":true}');
    globalThis.fetch = replaced;
    try {
      expect(selectDefaultFetch()).toBe(replaced);
      const result = await new BotClient({ botId: BOT_ID, token: TOKEN, baseUrl: origin }).sendMessage({
        room_id: 1,
        body: 'x',
      });
      expect(result.data).toEqual({ mocked: true });
      expect(hits).toBe(0);
    } finally {
      globalThis.fetch = original;
    }
  });

  it("transport: 'fetch' uses the global fetch of each call; 'node' keeps the lean one", async () => {
    const original = globalThis.fetch;
    const viaFetch = new BotClient({ botId: BOT_ID, token: TOKEN, baseUrl: origin, transport: 'fetch' });
    const viaNode = new BotClient({ botId: BOT_ID, token: TOKEN, baseUrl: origin, transport: 'node' });
    handler = (_request, _body, response) => response.end('{"from":"server"}');
    globalThis.fetch = async (): Promise<Response> => new Response('{"from":"stub"}');
    process.env.HTTPS_PROXY = 'http://proxy.invalid:3128';
    forgetProxyVariables();
    try {
      expect(selectDefaultFetch('fetch')).toBe(globalThis.fetch);
      expect(selectDefaultFetch('node')).not.toBe(globalThis.fetch);
      expect((await viaFetch.sendMessage({ room_id: 1, body: 'x' })).data).toEqual({ from: 'stub' });
      expect((await viaNode.sendMessage({ room_id: 1, body: 'x' })).data).toEqual({ from: 'server' });
      expect(hits).toBe(1);
    } finally {
      globalThis.fetch = original;
      delete process.env.HTTPS_PROXY;
      forgetProxyVariables();
    }
  });

  it('refuses an unknown transport', () => {
    const transport = 'undici' as unknown as 'node';
    expect(() => new BotClient({ botId: BOT_ID, token: TOKEN, baseUrl: origin, transport })).toThrow(
      "transport must be 'node' or 'fetch' (or omitted), got \"undici\".",
    );
  });

  it('falls back to the global fetch when a proxy is configured', async () => {
    process.env.HTTPS_PROXY = 'http://proxy.invalid:3128';
    forgetProxyVariables();
    try {
      expect(selectDefaultFetch()).toBe(globalThis.fetch);
    } finally {
      delete process.env.HTTPS_PROXY;
      forgetProxyVariables();
    }
    expect(selectDefaultFetch()).not.toBe(globalThis.fetch);
  });

  it('falls back to the global fetch when a custom undici dispatcher is installed', () => {
    const key = Symbol.for('undici.globalDispatcher.1');
    const saved = (globalThis as Record<symbol, unknown>)[key];
    class ProxyAgent {}
    (globalThis as Record<symbol, unknown>)[key] = new ProxyAgent();
    try {
      expect(selectDefaultFetch()).toBe(globalThis.fetch);
    } finally {
      (globalThis as Record<symbol, unknown>)[key] = saved;
    }
    expect(selectDefaultFetch()).not.toBe(globalThis.fetch);
  });
});

describe('msw sees the lean transport', () => {
  const mock = setupServer(
    http.post('https://mocked.test/api/bots/bot_1/messages', () => HttpResponse.json({ via: 'msw' })),
  );
  beforeAll(() => mock.listen({ onUnhandledFrame: 'bypass' }));
  afterAll(() => mock.close());

  it('intercepts requests made through node:http', async () => {
    const client = new BotClient({
      botId: BOT_ID,
      token: TOKEN,
      baseUrl: 'https://mocked.test/api',
      fetch: nodeFetch,
    });
    expect((await client.sendMessage({ room_id: 1, body: 'x' })).data).toEqual({ via: 'msw' });
  });
});

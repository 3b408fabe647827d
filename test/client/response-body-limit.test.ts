import { once } from 'node:events';
import { createServer, type Server, type ServerResponse } from 'node:http';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BotClient } from '../../src/client/bot-client.js';
import { MAX_BODY_BYTES } from '../../src/client/response-body.js';
import type { MoMoTalkApiError } from '../../src/errors/api-error.js';
import { BOT_ID, rejectionOf, TOKEN } from './support.js';

// Review M3: the 1 MiB response-body limit counts decoded bytes. A gzip or br body is small on the wire
// (its Content-Length) and may decode to far more; the client keeps no body past the limit, and stops
// reading (so the memory it holds stays near the limit) instead of inflating everything.

/** 8 MiB of JSON-ish text, 8 times the limit: a few KiB once compressed. */
const INFLATED = Buffer.alloc(8 * MAX_BODY_BYTES, '{"pad":"aaaaaaaa"}');
const GZIP = gzipSync(INFLATED);
const BROTLI = brotliCompressSync(INFLATED);
/** One gzip member of 16 MiB of zeros (≈16 KiB); members concatenated are one valid gzip body. */
const ZEROS_MEMBER = gzipSync(Buffer.alloc(16 * 1024 * 1024));
/** Members the endless body sends at most: 64 GiB once decoded, which no test could read in time. */
const MAX_MEMBERS = 4096;

type Reply = (response: ServerResponse) => void;
let reply: Reply = (response) => response.end();
let server: Server;
let origin = '';

beforeAll(async () => {
  server = createServer((request, response) => {
    request.resume();
    request.on('end', () => reply(response));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

const transports = [['the global fetch', () => globalThis.fetch]] as const;

function client(fetch: typeof globalThis.fetch): BotClient {
  return new BotClient({ botId: BOT_ID, token: TOKEN, baseUrl: origin, fetch, retry: false });
}

describe.each(transports)('a compressed response body past the limit, through %s', (_name, makeFetch) => {
  it.each([
    ['gzip', GZIP],
    ['br', BROTLI],
  ] as const)(
    'a 2xx %s body with a small Content-Length is not kept; the send still succeeds',
    async (encoding, compressed) => {
      expect(compressed.byteLength).toBeLessThan(64 * 1024);
      reply = (response) => {
        response.writeHead(200, {
          'content-type': 'application/json',
          'content-encoding': encoding,
          'content-length': compressed.byteLength,
        });
        response.end(compressed);
      };
      const result = await client(makeFetch()).sendMessage({ room_id: 1, body: 'x' });
      expect(result.status).toBe(200);
      expect(result.text).toBe('');
      expect(result.data).toBeUndefined();
    },
  );

  it('an error status with a gzip body keeps its typed error, without the body', async () => {
    reply = (response) => {
      response.writeHead(500, {
        'content-type': 'text/plain',
        'content-encoding': 'gzip',
        'content-length': GZIP.byteLength,
      });
      response.end(GZIP);
    };
    const error = (await rejectionOf(
      client(makeFetch()).sendMessage({ room_id: 1, body: 'x' }),
    )) as MoMoTalkApiError;
    expect(error).toMatchObject({ name: 'MoMoTalkServerError', status: 500 });
    expect(error.body).toBeUndefined();
  });

  it('a gzip body at the limit once decoded is still read', async () => {
    const text = 'a'.repeat(MAX_BODY_BYTES);
    reply = (response) => {
      response.writeHead(200, { 'content-type': 'text/plain', 'content-encoding': 'gzip' });
      response.end(gzipSync(text));
    };
    expect((await client(makeFetch()).sendMessage({ room_id: 1, body: 'x' })).text).toBe(text);
  });

  it('an endless gzip body is not read to its end: the client stops and closes the connection', async () => {
    let sent = 0;
    let closed = false;
    reply = (response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      response.on('close', () => {
        closed = true;
      });
      const write = (): void => {
        while (!closed && sent < MAX_MEMBERS) {
          sent++;
          if (!response.write(ZEROS_MEMBER)) {
            response.once('drain', write);
            return;
          }
        }
        if (!closed) response.end();
      };
      write();
    };
    const result = await client(makeFetch()).sendMessage({ room_id: 1, body: 'x' });
    expect(result.text).toBe('');
    await expect.poll(() => closed).toBe(true);
    expect(sent).toBeLessThan(MAX_MEMBERS);
  });
});

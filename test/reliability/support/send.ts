// Sending a corpus request through the Fetch handler, through node:http over loopback, or as raw bytes.
import { type Agent, request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import type { FetchHandler } from '../../../src/adapters/fetch.js';
import type { HostileRequest } from './corpus.js';

export interface Answer {
  readonly status: number;
  readonly error: string | undefined;
}

function errorOf(text: string): string | undefined {
  try {
    const value = JSON.parse(text) as { error?: unknown };
    return typeof value.error === 'string' ? value.error : undefined;
  } catch {
    return undefined;
  }
}

/** Through the Fetch handler: a real `Request` (duplicated headers appended, as a client would send). */
export async function sendFetch(handler: FetchHandler, req: HostileRequest): Promise<Answer> {
  const headers = new Headers();
  for (const [name, value] of req.headers) headers.append(name, value);
  const request = new Request(`https://bot.example${req.path}`, {
    method: req.method,
    headers,
    ...(req.body === undefined ? {} : { body: req.body as Uint8Array<ArrayBuffer> }),
  });
  const response = await handler(request);
  return { status: response.status, error: errorOf(await response.text()) };
}

/** Through node:http on loopback; duplicated headers are sent as separate lines. */
export function sendNode(port: number, agent: Agent, req: HostileRequest): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const raw: string[] = ['host', `127.0.0.1:${port}`];
    for (const [name, value] of req.headers) raw.push(name, value);
    if (req.body !== undefined) raw.push('content-length', String(req.body.length));
    let answered = false;
    const client = httpRequest(
      { host: '127.0.0.1', port, method: req.method, path: req.path, headers: raw, agent },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          text += chunk;
        });
        response.on('end', () => {
          answered = true;
          resolve({ status: response.statusCode ?? 0, error: errorOf(text) });
        });
        response.on('error', reject);
      },
    );
    // The server may answer 413 and close while the body is still being written: that is not a failure.
    client.on('error', (error) => {
      if (!answered) reject(error);
    });
    client.end(req.body === undefined ? undefined : Buffer.from(req.body));
  });
}

/** A request body written in `chunks` pieces, `gapMs` apart (a slow-drip client), over node:http. */
export function sendNodeSlowly(
  port: number,
  req: HostileRequest,
  chunks: number,
  gapMs: number,
): Promise<Answer & { chunksWritten: number }> {
  return new Promise((resolve, reject) => {
    const body = Buffer.from(req.body ?? new Uint8Array());
    const raw: string[] = ['host', `127.0.0.1:${port}`];
    for (const [name, value] of req.headers) raw.push(name, value);
    // No Content-Length: chunked, so the size limit is found while reading, not from a header.
    let written = 0;
    let done = false;
    const client = httpRequest(
      { host: '127.0.0.1', port, method: req.method, path: req.path, headers: raw, agent: false },
      (response) => {
        done = true;
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          text += chunk;
        });
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, error: errorOf(text), chunksWritten: written }),
        );
      },
    );
    client.on('error', (error) => {
      if (!done) reject(error);
    });
    const size = Math.ceil(body.length / chunks);
    const tick = () => {
      if (done) return;
      if (written >= chunks) {
        client.end();
        return;
      }
      client.write(body.subarray(written * size, (written + 1) * size));
      written += 1;
      setTimeout(tick, gapMs);
    };
    tick();
  });
}

/** Raw bytes over TCP; resolves with the status line's code (0 when the server just closed). */
export function sendRaw(
  port: number,
  bytes: Buffer,
  halfClose = false,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    const finish = () => {
      const match = /^HTTP\/1\.1 (\d{3})/.exec(text);
      resolve({ status: match ? Number(match[1]) : 0, text });
    };
    socket.setTimeout(5000, () => socket.destroy());
    socket.on('data', (chunk) => {
      text += chunk.toString('latin1');
    });
    socket.on('error', () => {});
    socket.on('close', finish);
    socket.write(bytes, () => {
      if (halfClose) socket.end();
    });
    // A complete request with keep-alive would hold the socket open: close after the first answer.
    socket.on('data', () => {
      if (/\r\n\r\n/.test(text)) setTimeout(() => socket.end(), 20);
    });
  });
}

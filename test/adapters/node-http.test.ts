import { createServer, request } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { handleNodeRequest, toNodeListener } from '../../src/adapters/node-http.js';
import type { WebhookReceiver } from '../../src/index.js';
import { commonCases } from './support/common-cases.js';
import { body, freshDelivery, postSigned, signedHeaders } from './support/deliveries.js';
import { listen } from './support/listen.js';
import { makeReceiver } from './support/receiver.js';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('toNodeListener on http.createServer', () => {
  commonCases((receiver) => listen(createServer(toNodeListener(receiver)), '/'), { nodeAdapter: true });
});

describe('toNodeListener headers', () => {
  it('joins a repeated signature header, so two copies of a valid signature never verify', async () => {
    const receiver = makeReceiver();
    const started = await listen(createServer(toNodeListener(receiver)));
    try {
      const { body: payload, headers } = freshDelivery();
      const signature = headers['x-momotalk-bot-signature'] as string;
      const status = await new Promise<number | undefined>((resolve, reject) => {
        const req = request(started.url, {
          method: 'POST',
          headers: { ...headers, 'x-momotalk-bot-signature': [signature, signature] },
        });
        req.on('response', (res) => {
          res.resume();
          resolve(res.statusCode);
        });
        req.on('error', reject);
        req.end(payload);
      });
      expect(status).toBe(401);
      expect(receiver.events).toHaveLength(0);
    } finally {
      await started.close();
    }
  });
});

describe('toNodeListener body reading', () => {
  it('reads a stream that an earlier middleware paused', async () => {
    const receiver = makeReceiver();
    const listener = toNodeListener(receiver);
    const started = await listen(
      createServer((req, res) => {
        req.pause();
        setTimeout(() => listener(req, res), 10);
      }),
    );
    try {
      expect((await postSigned(started.url)).status).toBe(200);
    } finally {
      await started.close();
    }
  });

  it('settles a delivery whose client disconnects mid-body as a refusal (client_aborted), not an error', async () => {
    const receiver = makeReceiver();
    const answered: number[] = [];
    let started = 0;
    const watched: WebhookReceiver = {
      handleDelivery: async (delivery) => {
        started += 1;
        const response = await receiver.handleDelivery(delivery);
        answered.push(response.status);
        return response;
      },
    };
    const server = await listen(createServer(toNodeListener(watched)));
    try {
      const client = request(server.url, {
        method: 'POST',
        headers: { 'transfer-encoding': 'chunked', 'x-momotalk-bot-signature': 'a'.repeat(64) },
      });
      client.on('error', () => {});
      client.write('{"event_id":');
      await vi.waitFor(() => expect(started).toBe(1));
      client.destroy();
      await vi.waitFor(() => expect(answered).toEqual([400]));
      expect(receiver.errors).toEqual([]); // not onError: an aborted upload is not an application error
      expect(receiver.rejections).toEqual(['client_aborted']);
    } finally {
      await server.close();
    }
  });
});

describe('toNodeListener as a connect-style middleware', () => {
  it('uses a raw Buffer left in req.body or req.rawBody by an earlier middleware', async () => {
    const receiver = makeReceiver();
    const listener = toNodeListener(receiver);
    const server = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const raw = Buffer.concat(chunks);
      if (req.url === '/body') Object.assign(req, { body: raw });
      else Object.assign(req, { body: JSON.parse(raw.toString('utf8')), rawBody: raw });
      listener(req, res, () => res.writeHead(599).end());
    });
    const started = await listen(server, '');
    try {
      expect((await postSigned(`${started.url}/body`)).status).toBe(200);
      expect((await postSigned(`${started.url}/raw`)).status).toBe(200);
      expect(receiver.events).toHaveLength(2);
    } finally {
      await started.close();
    }
  });

  it('hands a parsed body to next(error) with a message naming the fix, and answers nothing itself', async () => {
    const errors: unknown[] = [];
    const server = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      Object.assign(req, { body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
      toNodeListener(makeReceiver())(req, res, (error) => {
        errors.push(error);
        res.writeHead(418).end();
      });
    });
    const started = await listen(server);
    try {
      expect((await postSigned(started.url)).status).toBe(418);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toBeInstanceOf(TypeError);
      expect(String(errors[0])).toMatch(/a parsed object.*Mount the webhook before any body parser/);
    } finally {
      await started.close();
    }
  });

  it('without next, answers a generic 500 and logs the error', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const listener = toNodeListener(makeReceiver());
    const server = createServer(async (req, res) => {
      for await (const _ of req);
      listener(req, res);
    });
    const started = await listen(server);
    try {
      const response = await postSigned(started.url);
      expect(response.status).toBe(500);
      expect(await response.json()).toEqual({ error: 'internal_error' });
      expect(logged.mock.calls.flat().map(String).join('\n')).toMatch(/body stream was already read/);
    } finally {
      await started.close();
    }
  });
  // The misuse travels in the answer, so it is raised once (by the listener), not also logged by the
  // pipeline's default onError on the way.
  it('without next, logs the body-parser misuse once and does not also report it to onError', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const receiver = makeReceiver();
    const listener = toNodeListener(receiver);
    const server = createServer(async (req, res) => {
      for await (const _ of req);
      listener(req, res);
    });
    const started = await listen(server);
    try {
      expect((await postSigned(started.url)).status).toBe(500);
      await vi.waitFor(() => expect(logged).toHaveBeenCalled());
      const mentions = logged.mock.calls.filter((call) =>
        call.map(String).join(' ').includes('body stream was already read'),
      );
      expect(mentions).toHaveLength(1);
      expect(receiver.errors).toEqual([]);
    } finally {
      await started.close();
    }
  });
});

describe('toNodeListener when the response was already started', () => {
  // Review S2: the fallback 500 threw inside .catch once headers were sent (an unhandled rejection).
  it('logs, closes the connection, and leaves no unhandled rejection', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    const listener = toNodeListener(makeReceiver());
    const server = createServer((req, res) => {
      res.writeHead(202, { 'content-type': 'text/plain' });
      res.write('started elsewhere');
      listener(req, res);
    });
    const started = await listen(server);
    try {
      const { body: payload, headers } = freshDelivery();
      const outcome = await new Promise<{ status?: number | undefined; ended: 'complete' | 'cut' }>(
        (resolve, reject) => {
          const req = request(started.url, { method: 'POST', headers });
          req.on('response', (res) => {
            res.resume();
            res.on('end', () => resolve({ status: res.statusCode, ended: 'complete' }));
            res.on('error', () => resolve({ status: res.statusCode, ended: 'cut' }));
          });
          req.on('error', reject);
          req.end(payload);
        },
      );
      expect(outcome).toEqual({ status: 202, ended: 'cut' });
      await vi.waitFor(() => expect(logged).toHaveBeenCalledTimes(1));
      expect(String(logged.mock.calls[0]?.[0])).toMatch(/ERR_HTTP_HEADERS_SENT|after they are sent/);
      await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
      await started.close();
    }
  });

  it('leaves a response that was already finished alone', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const listener = toNodeListener(makeReceiver());
    const server = createServer((req, res) => {
      res.writeHead(204).end();
      listener(req, res);
    });
    const started = await listen(server);
    try {
      const response = await postSigned(started.url);
      expect(response.status).toBe(204);
      await vi.waitFor(() => expect(logged).toHaveBeenCalledTimes(1));
    } finally {
      await started.close();
    }
  });
});

describe('handleNodeRequest', () => {
  it('resolves once the response is written', async () => {
    const receiver = makeReceiver();
    const server = createServer((req, res) => {
      void handleNodeRequest(receiver, req, res);
    });
    const started = await listen(server);
    try {
      const response = await fetch(started.url, { method: 'POST', headers: signedHeaders(), body });
      expect(response.status).toBe(200);
    } finally {
      await started.close();
    }
  });
});

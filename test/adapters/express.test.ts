import { createServer } from 'node:http';
import express5 from 'express';
import express4 from 'express4';
import { describe, expect, it } from 'vitest';
import { expressWebhook } from '../../src/adapters/express.js';
import { commonCases } from './support/common-cases.js';
import { freshDelivery, postSigned } from './support/deliveries.js';
import { listen } from './support/listen.js';
import { makeReceiver, type TestReceiver } from './support/receiver.js';

type ExpressModule = typeof express5;

for (const [name, express] of [
  ['Express 5', express5],
  ['Express 4', express4 as unknown as ExpressModule],
] as const) {
  describe(`expressWebhook on ${name}`, () => {
    /** One app with every mounting users try: before json(), after raw(), after json(), after text(). */
    const start = (receiver: TestReceiver) => {
      const app = express();
      app.all('/webhook', expressWebhook(receiver));
      app.post('/raw', express.raw({ type: 'application/json' }), expressWebhook(receiver));
      app.post('/after-text', express.text({ type: '*/*' }), expressWebhook(receiver));
      app.use(express.json());
      app.post('/after-json', expressWebhook(receiver));
      return listen(createServer(app));
    };

    commonCases(start, { nodeAdapter: true });

    it('uses the Buffer from express.raw()', async () => {
      const receiver = makeReceiver();
      const server = await start(receiver);
      try {
        expect((await postSigned(server.url.replace('/webhook', '/raw'))).status).toBe(200);
        expect(receiver.events).toHaveLength(1);
      } finally {
        await server.close();
      }
    });

    it('after express.json() with another content type, reads the stream the parser left unread', async () => {
      // Express 4's json() sets req.body = {} even when it skips the body; the stream is still unread.
      const receiver = makeReceiver();
      const server = await start(receiver);
      try {
        const { body, headers } = freshDelivery();
        const response = await fetch(server.url.replace('/webhook', '/after-json'), {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/octet-stream' },
          body,
        });
        expect(response.status).toBe(200);
        expect(receiver.events).toHaveLength(1);
      } finally {
        await server.close();
      }
    });

    it.each([
      ['/after-json', /left a parsed object/],
      ['/after-text', /left a string/],
    ])('after a body parser (%s): 500 through next(error) naming the fix, never 401', async (path, found) => {
      const receiver = makeReceiver();
      const server = await start(receiver);
      try {
        const response = await postSigned(server.url.replace('/webhook', path));
        expect(response.status).toBe(500);
        // Express's default error handler shows the message outside production.
        const text = await response.text();
        expect(text).toMatch(found);
        expect(text).toContain('above app.use(express.json())');
        expect(receiver.events).toHaveLength(0);
      } finally {
        await server.close();
      }
    });

    // The misuse is raised once, through next(error); the receiver's onError does not get it too.
    it('after a body parser: the error goes to next(error) only, not also to onError', async () => {
      const receiver = makeReceiver();
      const passed: unknown[] = [];
      const app = express();
      app.use(express.json());
      app.post('/webhook', expressWebhook(receiver));
      app.use(
        (error: unknown, _req: unknown, res: { status(code: number): { end(): void } }, _next: unknown) => {
          passed.push(error);
          res.status(500).end();
        },
      );
      const server = await listen(createServer(app));
      try {
        expect((await postSigned(server.url)).status).toBe(500);
        expect(passed).toHaveLength(1);
        expect(String(passed[0])).toMatch(/left a parsed object/);
        expect(receiver.errors).toEqual([]);
      } finally {
        await server.close();
      }
    });

    it('global express.json() above a route with express.raw(): the message says to move the route first', async () => {
      // The fix the old message suggested (express.raw() on the route) does nothing after a global parser.
      const receiver = makeReceiver();
      const app = express();
      app.use(express.json());
      app.post('/webhook', express.raw({ type: 'application/json' }), expressWebhook(receiver));
      const server = await listen(createServer(app));
      try {
        const response = await postSigned(server.url);
        expect(response.status).toBe(500);
        const text = await response.text();
        expect(text).toContain(
          'Register the webhook route before any global body parser: app.post(&#39;/webhook&#39;, expressWebhook(handler)) above app.use(express.json())',
        );
        expect(text).toContain('express.raw() on the route does not help once a global parser ran');
      } finally {
        await server.close();
      }
    });
  });
}

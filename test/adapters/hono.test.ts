import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { commonCases } from './support/common-cases.js';
import { postSigned } from './support/deliveries.js';
import { makeReceiver } from './support/receiver.js';
import { serveFetch } from './support/serve-fetch.js';

// Hono (like Next.js route handlers, Bun, Deno and Workers) needs no adapter: the handler is a Fetch
// function, mounted as `(c) => handler(c.req.raw)`.
describe('the Fetch handler as is, on Hono', () => {
  commonCases((handler) => {
    const app = new Hono();
    app.all('/webhook', (c) => handler(c.req.raw));
    return serveFetch(app.fetch);
  });

  it('after c.req.json() consumed the body: 500 and an error naming the fix, never 401', async () => {
    const handler = makeReceiver();
    const app = new Hono();
    app.post('/webhook', async (c) => {
      await c.req.json();
      return handler(c.req.raw);
    });
    const server = await serveFetch(app.fetch);
    try {
      const response = await postSigned(server.url);
      expect(response.status).toBe(500);
      expect(String(handler.errors[0])).toMatch(/already read.*c\.req\.raw/);
      expect(handler.events).toHaveLength(0);
    } finally {
      await server.close();
    }
  });

  it('handler(c.req) over real HTTP: 500, and the error Hono logs names c.req.raw', async () => {
    const handler = makeReceiver();
    const logged: string[] = [];
    const app = new Hono();
    app.post('/webhook', (c) => handler(c.req as unknown as Request));
    app.onError((error, c) => {
      logged.push(String(error));
      return c.text('Internal Server Error', 500);
    });
    const server = await serveFetch(app.fetch);
    try {
      const response = await postSigned(server.url);
      expect(response.status).toBe(500);
      expect(logged.join('\n')).toContain('In Hono pass c.req.raw');
      expect(logged.join('\n')).not.toContain('Cannot read properties');
      expect(handler.events).toHaveLength(0);
    } finally {
      await server.close();
    }
  });
});

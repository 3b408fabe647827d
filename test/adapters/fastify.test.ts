import Fastify, { type FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { fastifyWebhook, fastifyWebhookHandler } from '../../src/adapters/fastify.js';
import { commonCases, type StartedServer } from './support/common-cases.js';
import { postSigned } from './support/deliveries.js';
import { makeReceiver, type TestReceiver } from './support/receiver.js';

async function serve(app: FastifyInstance, path: string): Promise<StartedServer> {
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  return { url: `${address}${path}`, close: () => app.close() };
}

describe('fastifyWebhook plugin', () => {
  commonCases(
    async (receiver) => {
      const app = Fastify();
      // The app's own JSON routes keep working beside the plugin's raw scope.
      app.post('/json', async (request) => ({ echo: request.body }));
      await app.register(fastifyWebhook(receiver, { path: '/webhook' }));
      return serve(app, '/webhook');
    },
    { nodeAdapter: true },
  );

  it('leaves the JSON parser of the rest of the app alone, and works under a register prefix', async () => {
    const receiver = makeReceiver();
    const app = Fastify();
    app.post('/json', async (request) => ({ echo: request.body }));
    await app.register(fastifyWebhook(receiver), { prefix: '/hooks/momotalk' });
    const server = await serve(app, '');
    try {
      const echoed = await fetch(`${server.url}/json`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"a":1}',
      });
      expect(await echoed.json()).toEqual({ echo: { a: 1 } });
      expect((await postSigned(`${server.url}/hooks/momotalk`)).status).toBe(200);
      expect(receiver.events).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  it('reads a POST without content-type', async () => {
    const receiver = makeReceiver();
    const app = Fastify();
    await app.register(fastifyWebhook(receiver, { path: '/webhook' }));
    const server = await serve(app, '/webhook');
    try {
      const response = await fetch(server.url, { method: 'POST', body: new Uint8Array([1, 2, 3]) });
      expect(response.status).toBe(401);
    } finally {
      await server.close();
    }
  });
});

describe('fastifyWebhookHandler route handler', () => {
  const start = async (receiver: TestReceiver) => {
    const app = Fastify();
    app.post('/parsed', fastifyWebhookHandler(receiver));
    await app.register(async (scope) => {
      scope.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, raw, done) =>
        done(null, raw),
      );
      scope.post('/buffer', fastifyWebhookHandler(receiver));
    });
    return serve(app, '');
  };

  it('uses a Buffer body from a parseAs: buffer parser', async () => {
    const receiver = makeReceiver();
    const server = await start(receiver);
    try {
      expect((await postSigned(`${server.url}/buffer`)).status).toBe(200);
      expect(receiver.events).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  it("after Fastify's JSON parser: 500 with a message naming the fix, never 401", async () => {
    const receiver = makeReceiver();
    const server = await start(receiver);
    try {
      const response = await postSigned(`${server.url}/parsed`);
      expect(response.status).toBe(500);
      const { message } = (await response.json()) as { message: string };
      expect(message).toMatch(/left a parsed object.*app\.register\(fastifyWebhook\(handler/);
      expect(receiver.events).toHaveLength(0);
    } finally {
      await server.close();
    }
  });
});

import { createServer } from 'node:http';
import Koa, { type Middleware } from 'koa';
import { describe, expect, it } from 'vitest';
import { koaWebhook } from '../../src/adapters/koa.js';
import { commonCases } from './support/common-cases.js';
import { postSigned } from './support/deliveries.js';
import { listen } from './support/listen.js';
import { makeReceiver } from './support/receiver.js';

/**
 * What koa-bodyparser and @koa/bodyparser do (they are not installed here): read the whole body, set
 * `ctx.request.body` to the parsed JSON and, unless told otherwise, `ctx.request.rawBody` to the text.
 */
function jsonBodyParser(keepRaw: boolean): Middleware {
  return async (ctx, next) => {
    const chunks: Buffer[] = [];
    for await (const chunk of ctx.req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const request = ctx.request as { body?: unknown; rawBody?: string };
    request.body = JSON.parse(text);
    if (keepRaw) request.rawBody = text;
    await next();
  };
}

describe('koaWebhook', () => {
  commonCases(
    (receiver) => {
      const app = new Koa();
      app.use(koaWebhook(receiver, { path: '/webhook' }));
      app.use((ctx) => {
        ctx.body = 'other route';
      });
      return listen(createServer(app.callback()));
    },
    { nodeAdapter: true },
  );

  it('passes requests for other paths to next()', async () => {
    const app = new Koa();
    app.use(koaWebhook(makeReceiver(), { path: '/webhook' }));
    app.use((ctx) => {
      ctx.body = 'other route';
    });
    const server = await listen(createServer(app.callback()), '/elsewhere');
    try {
      expect(await (await postSigned(server.url)).text()).toBe('other route');
    } finally {
      await server.close();
    }
  });

  it('uses ctx.request.rawBody kept by a body parser', async () => {
    const receiver = makeReceiver();
    const app = new Koa();
    app.use(jsonBodyParser(true));
    app.use(koaWebhook(receiver));
    const server = await listen(createServer(app.callback()));
    try {
      expect((await postSigned(server.url)).status).toBe(200);
      expect(receiver.events).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  it('after a body parser that kept no raw body: 500 and an error naming the fix, never 401', async () => {
    const receiver = makeReceiver();
    const errors: unknown[] = [];
    const app = new Koa();
    app.on('error', (error) => errors.push(error));
    app.use(jsonBodyParser(false));
    app.use(koaWebhook(receiver));
    const server = await listen(createServer(app.callback()));
    try {
      const response = await postSigned(server.url);
      expect(response.status).toBe(500);
      expect(await response.text()).toBe('Internal Server Error');
      expect(String(errors[0])).toMatch(/left a parsed object.*Mount koaWebhook before the body parser/);
      expect(receiver.events).toHaveLength(0);
    } finally {
      await server.close();
    }
  });
});

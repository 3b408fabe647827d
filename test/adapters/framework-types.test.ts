import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import express, { type NextFunction, type Request, type Response } from 'express';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import Koa, { type Context, type Next } from 'koa';
import { describe, expectTypeOf, it } from 'vitest';
import { type LambdaHttpResult, lambdaWebhook } from '../../src/adapters/aws-lambda.js';
import { expressWebhook } from '../../src/adapters/express.js';
import { fastifyWebhook, fastifyWebhookHandler } from '../../src/adapters/fastify.js';
import { koaWebhook } from '../../src/adapters/koa.js';
import { toNodeListener } from '../../src/adapters/node-http.js';
import type { WebhookReceiver } from '../../src/index.js';
import { makeReceiver } from './support/receiver.js';

// Checked by tsc (`npm run typecheck`): the adapters accept the real framework types.
const receiver: WebhookReceiver = makeReceiver();

describe('adapter types against the real framework types', () => {
  it('node:http', () => {
    createServer(toNodeListener(receiver));
    expectTypeOf(toNodeListener(receiver)).toBeCallableWith({} as IncomingMessage, {} as ServerResponse);
  });

  it('Express', () => {
    express().post('/webhook', expressWebhook(receiver));
    express().use('/webhook', toNodeListener(receiver));
    expectTypeOf(expressWebhook(receiver)).toBeCallableWith(
      {} as Request,
      {} as Response,
      {} as NextFunction,
    );
  });

  it('Fastify', () => {
    const app = Fastify();
    void app.register(fastifyWebhook(receiver, { path: '/webhook' }));
    void app.register(fastifyWebhook(receiver), { prefix: '/webhook' });
    app.post('/webhook', fastifyWebhookHandler(receiver));
    expectTypeOf(fastifyWebhook(receiver)).toBeCallableWith(app);
    expectTypeOf(fastifyWebhookHandler(receiver)).toBeCallableWith({} as FastifyRequest, {} as FastifyReply);
  });

  it('Koa', () => {
    new Koa().use(koaWebhook(receiver, { path: '/webhook' }));
    expectTypeOf(koaWebhook(receiver)).toBeCallableWith({} as Context, {} as Next);
  });

  it('Next.js route handlers and other Fetch hosts take the handler as is', () => {
    const handler = makeReceiver();
    // app/webhook/route.ts: `export const POST = handler;` (Next passes `{ params }` as a second argument).
    const POST: (
      request: globalThis.Request,
      context: { params: Promise<Record<string, string>> },
    ) => Promise<globalThis.Response> = handler;
    const fetchHost: { fetch: (request: globalThis.Request) => Promise<globalThis.Response> } = {
      fetch: handler,
    };
    expectTypeOf(POST).toBeFunction();
    expectTypeOf(fetchHost.fetch).toBeFunction();
  });

  it('AWS Lambda', () => {
    expectTypeOf(lambdaWebhook(receiver)).returns.resolves.toEqualTypeOf<LambdaHttpResult>();
  });
});

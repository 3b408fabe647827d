import { Hono } from 'hono';
import { describe, expect, it, vi } from 'vitest';
import { createWebhookHandler } from '../../src/momotalk/handler/create-webhook-handler.js';
import { messageCreated, SECRET, signedRequest } from './support.js';

describe('createWebhookHandler mounted on a real Hono app', () => {
  it('works as app.fetch-style handler and uses executionCtx.waitUntil (Workers) for ack-first work', async () => {
    const onMessage = vi.fn();
    const handler = createWebhookHandler({ secret: SECRET, acknowledge: 'before-processing' }).on(
      'talk.message_created',
      onMessage,
    );
    const app = new Hono().post('/momotalk/webhook', (c) => handler(c.req.raw, c.env, c.executionCtx));
    const kept: Promise<unknown>[] = [];
    const executionCtx = {
      waitUntil: (promise: Promise<unknown>) => kept.push(promise),
      passThroughOnException() {},
      props: {},
    };
    const response = await app.fetch(signedRequest(messageCreated), {}, executionCtx);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
    expect(kept).toHaveLength(1);
    await Promise.all(kept);
    expect(onMessage).toHaveBeenCalledTimes(1);
  });

  it('is mountable directly (app.post(path, (c) => handler(c.req.raw))) and rejects a forged delivery with 401', async () => {
    const handler = createWebhookHandler({ secret: SECRET });
    const app = new Hono().post('/momotalk/webhook', (c) => handler(c.req.raw));
    const response = await app.request(signedRequest(messageCreated, { secret: 'not-the-secret' }));
    expect(response.status).toBe(401);
  });

  it('names the fix when a middleware already read the body', async () => {
    const onError = vi.fn();
    const handler = createWebhookHandler({ secret: SECRET, onError });
    const app = new Hono().post('/momotalk/webhook', async (c) => {
      await c.req.json(); // a body parser ran first
      return handler(c.req.raw);
    });
    const response = await app.request(signedRequest(messageCreated));
    expect(response.status).toBe(500);
    expect(String(onError.mock.calls[0]?.[0])).toMatch(/already read.*c\.req\.raw/s);
  });

  it.each(['c.req', 'c'] as const)(
    'handler(%s) instead of handler(c.req.raw) fails with an error that says "pass c.req.raw"',
    async (passed) => {
      const handler = createWebhookHandler({ secret: SECRET });
      const errors: unknown[] = [];
      const app = new Hono()
        .post('/momotalk/webhook', (c) => handler((passed === 'c' ? c : c.req) as unknown as Request))
        .onError((error, c) => {
          errors.push(error);
          return c.text('failed', 500);
        });
      const response = await app.request(signedRequest(messageCreated));
      expect(response.status).toBe(500);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toBeInstanceOf(TypeError);
      expect(String(errors[0])).toContain(
        'webhook handler: expected a Fetch Request, got object. In Hono pass c.req.raw (not c or c.req)',
      );
    },
  );
});

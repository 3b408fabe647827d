import { createHmac } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';

// A runtime without node:crypto (workerd without nodejs_compat, a browser): the handler must verify with
// Web Crypto instead of failing.
vi.mock('../../src/internal/node-crypto.js', () => ({ getNodeCrypto: () => undefined }));

const { createWebhookHandler } = await import('../../src/momotalk/handler/create-webhook-handler.js');
const { messageCreated, SECRET, signedRequest } = await import('./support.js');

describe('createWebhookHandler without node:crypto', () => {
  it('verifies with Web Crypto: 200 for a genuine delivery, 401 for a forged one', async () => {
    const onMessage = vi.fn();
    const handler = createWebhookHandler({ secret: SECRET }).on('talk.message_created', onMessage);
    const raw = JSON.stringify(messageCreated);
    const signature = createHmac('sha256', SECRET).update(raw).digest('hex');
    expect((await handler(signedRequest(raw, { signature, eventId: messageCreated.event_id }))).status).toBe(
      200,
    );
    const forged = createHmac('sha256', 'wrong').update(raw).digest('hex');
    const response = await handler(
      signedRequest(raw, { signature: forged, eventId: messageCreated.event_id }),
    );
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: 'invalid_signature' });
    expect(onMessage).toHaveBeenCalledTimes(1);
  });
});

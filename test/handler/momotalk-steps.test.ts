import { describe, expect, it, vi } from 'vitest';
import { createWebhookHandler } from '../../src/momotalk/handler/create-webhook-handler.js';
import { momotalkProvider } from '../../src/momotalk/provider.js';
import { signWebhook } from '../../src/momotalk/signature/sign-webhook.js';
import type { IncomingDelivery } from '../../src/receiver/ports.js';
import { isDeliveryRejection } from '../../src/receiver/rejection.js';
import { BOT_ID, messageCreated, SECRET, signedRequest } from './support.js';

function delivery(
  raw: string,
  headers: Record<string, string>,
): { delivery: IncomingDelivery; body: Uint8Array } {
  const body = new TextEncoder().encode(raw);
  return {
    body,
    delivery: { method: 'POST', url: '/', header: (name) => headers[name], readBody: async () => body },
  };
}

describe('MoMoTalk steps: authenticate authenticates, parse parses', () => {
  const raw = JSON.stringify(messageCreated);
  const headers = {
    'x-momotalk-bot-id': BOT_ID,
    'x-momotalk-event-id': messageCreated.event_id,
    'x-momotalk-bot-signature': signWebhook(raw, SECRET),
  };

  it('authenticate refuses a forged or unsigned body with 401 and accepts a genuine one', async () => {
    const steps = momotalkProvider({ secret: SECRET, construct: {} });
    const genuine = delivery(raw, headers);
    expect(await steps.authenticate(genuine.delivery, genuine.body)).toBeUndefined();
    const forged = delivery(raw, { ...headers, 'x-momotalk-bot-signature': signWebhook(raw, 'other') });
    expect(await steps.authenticate(forged.delivery, forged.body)).toMatchObject({
      status: 401,
      error: 'invalid_signature',
    });
    const unsigned = delivery(raw, { 'x-momotalk-bot-id': BOT_ID });
    expect(await steps.authenticate(unsigned.delivery, unsigned.body)).toMatchObject({
      status: 401,
      error: 'missing_signature',
    });
  });

  it('authenticate looks the secret up with getSecret and verifies with it', async () => {
    const getSecret = vi.fn(async (botId: string) => (botId === BOT_ID ? SECRET : undefined));
    const steps = momotalkProvider({ secret: getSecret, construct: {} });
    const genuine = delivery(raw, headers);
    expect(await steps.authenticate(genuine.delivery, genuine.body)).toBeUndefined();
    const otherBot = delivery(raw, { ...headers, 'x-momotalk-bot-id': 'bot_other' });
    expect(await steps.authenticate(otherBot.delivery, otherBot.body)).toMatchObject({
      error: 'unknown_bot',
    });
    expect(getSecret.mock.calls).toEqual([[BOT_ID], ['bot_other']]);
  });

  it('parse (after authenticate) gives the item with its signed dedupe key, or 400 for a body that is not an event', async () => {
    const steps = momotalkProvider({ secret: SECRET, construct: {} });
    const genuine = delivery(raw, headers);
    const items = await steps.parse(genuine.delivery, genuine.body);
    expect(isDeliveryRejection(items)).toBe(false);
    expect(items).toEqual([
      expect.objectContaining({
        eventId: messageCreated.event_id,
        botId: BOT_ID,
        idempotencyKey: `momotalk:${BOT_ID}:${messageCreated.event_id}`,
      }),
    ]);
    const notJson = delivery('{', { ...headers, 'x-momotalk-bot-signature': signWebhook('{', SECRET) });
    expect(await steps.parse(notJson.delivery, notJson.body)).toMatchObject({
      status: 400,
      error: 'invalid_payload',
    });
  });

  it('the handler verifies before parsing: a forged body that is not JSON is 401, a signed one 400', async () => {
    const rejected: string[] = [];
    const handler = createWebhookHandler({
      secret: SECRET,
      onRejected: ({ status, error }) => {
        rejected.push(`${status} ${error}`);
      },
    });
    await handler(signedRequest('{', { secret: 'forger' }));
    await handler(signedRequest('{'));
    expect(rejected).toEqual(['401 invalid_signature', '400 invalid_payload']);
  });
});

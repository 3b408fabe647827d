// Signature checks written for mutants Stryker found alive (docs/reliability.md §6): a list of secrets
// (rotation) must accept a body signed with any of them and nothing else.
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createWebhookHandler } from '../../src/momotalk/handler/create-webhook-handler.js';
import { verifyWebhook } from '../../src/momotalk/signature/verify-webhook.js';

const body = '{"event_type":"talk.future","event_id":"rot-1"}';
const sign = (secret: string) => createHmac('sha256', secret).update(body).digest('hex');

describe('secret rotation lists', () => {
  it('verifyWebhook with several secrets: any one of them, never a forgery', () => {
    const secrets = ['old-secret', 'new-secret'];
    expect(verifyWebhook(body, sign('old-secret'), secrets)).toBe(true);
    expect(verifyWebhook(body, sign('new-secret'), secrets)).toBe(true);
    expect(verifyWebhook(body, sign('other-secret'), secrets)).toBe(false);
    expect(verifyWebhook(body, '0'.repeat(64), secrets)).toBe(false);
    expect(verifyWebhook(body, sign('new-secret'), ['new-secret'])).toBe(true);
    expect(verifyWebhook(body, sign('old-secret'), ['new-secret'])).toBe(false);
    expect(verifyWebhook(body, sign('new-secret'), 'new-secret')).toBe(true);
    expect(verifyWebhook(body, sign('old-secret'), 'new-secret')).toBe(false);
  });

  it('the handler with `secrets` refuses a forged delivery and accepts either secret', async () => {
    let runs = 0;
    const handler = createWebhookHandler({
      secrets: ['old-secret', 'new-secret'],
      onEvent: () => {
        runs += 1;
      },
    });
    const post = (signature: string) =>
      handler(
        new Request('https://bot.example/', {
          method: 'POST',
          headers: { 'x-momotalk-bot-signature': signature },
          body,
        }),
      );
    expect((await post(sign('other-secret'))).status).toBe(401);
    expect((await post(sign('old-secret'))).status).toBe(200);
    expect(runs).toBe(1);
  });
});

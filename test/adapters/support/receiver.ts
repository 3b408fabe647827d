import type { DeliveryResponse, WebhookReceiver } from '../../../src/index.js';
import { isBodyTooLargeError, verifyWebhook } from '../../../src/index.js';
import { MAX_BODY_BYTES, SECRET } from './deliveries.js';

const json = (status: number, value: unknown): DeliveryResponse => ({
  status,
  headers: { 'content-type': 'application/json; charset=utf-8' },
  body: JSON.stringify(value),
});

/** A receiver for the adapter tests, plus the events it accepted. */
export interface TestReceiver extends WebhookReceiver {
  readonly events: unknown[];
}

/**
 * INTERIM: a minimal receiver on verifyWebhook until createWebhookHandler lands; answers like the
 * pipeline (405, 413, 401, 400, 200).
 */
export function makeReceiver(): TestReceiver {
  const events: unknown[] = [];
  return {
    events,
    async handleDelivery(delivery) {
      if (delivery.method !== 'POST') return json(405, { error: 'method_not_allowed' });
      let raw: Uint8Array;
      try {
        raw = await delivery.readBody(MAX_BODY_BYTES);
      } catch (error) {
        return isBodyTooLargeError(error)
          ? json(413, { error: 'body_too_large' })
          : json(500, { error: 'read' });
      }
      if (!verifyWebhook(raw, delivery.header('x-momotalk-bot-signature'), SECRET)) {
        return json(401, { error: 'invalid_signature' });
      }
      try {
        events.push(JSON.parse(new TextDecoder().decode(raw)));
      } catch {
        return json(400, { error: 'invalid_json' });
      }
      return json(200, { ok: true });
    },
  };
}

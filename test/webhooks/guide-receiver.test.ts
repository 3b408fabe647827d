import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  constructWebhookEvent,
  type MessageCreatedEvent,
  parseWebhookEvent,
  signWebhook,
  verifyWebhook,
  verifyWebhookAsync,
} from '../../src/index.js';
import { vector } from './vectors.js';

/**
 * The signature check of the guide's Express receiver (seeds/000, "Verify the webhook signature"), verbatim
 * but for the Express objects: `req.body` is the raw Buffer, `req.get(...)` the header value.
 */
function guideAccepts(webhookSecret: string, reqBody: Buffer, header: string | undefined): boolean {
  const expected = crypto.createHmac('sha256', webhookSecret).update(reqBody).digest('hex');
  const actual = header || '';
  const expectedBytes = Buffer.from(expected, 'hex');
  const actualBytes = Buffer.from(actual, 'hex');
  if (actualBytes.length !== expectedBytes.length || !crypto.timingSafeEqual(expectedBytes, actualBytes)) {
    return false;
  }
  return true;
}

/** The guide's signing, as the platform (and the guide's receiver) compute it. */
function guideSignature(webhookSecret: string, body: Buffer): string {
  return crypto.createHmac('sha256', webhookSecret).update(body).digest('hex');
}

const secret = 'guide-secret';

describe("the guide's own receiver and example event", () => {
  const example = vector('guide-example-pretty');

  it("the guide's example event (verbatim, pretty-printed) parses as a MessageCreatedEvent", () => {
    const event = parseWebhookEvent(example.body);
    expect(event.event_type).toBe('talk.message_created');
    if (event.event_type !== 'talk.message_created') throw new Error('not narrowed');
    const typed: MessageCreatedEvent = event;
    expect(typed).toEqual({
      event_id: 'evt_...',
      event_type: 'talk.message_created',
      bot_id: 'bot_...',
      timestamp: 1780833600,
      message: {
        room_id: 123,
        message_id: 456,
        sender_user_id: 'user_...',
        body: 'hello',
        message_type: 'TEXT',
        created_at: 1780833600,
      },
    });
  });

  it("the guide's receiver accepts what signWebhook produces", () => {
    for (const name of ['guide-example-pretty', 'korean', 'emoji', 'escaped-unicode-as-sent', 'empty']) {
      const body = Buffer.from(vector(name).body, 'utf8');
      expect(guideAccepts(secret, body, signWebhook(body, secret)), name).toBe(true);
      expect(guideAccepts(secret, body, signWebhook(vector(name).body, secret)), name).toBe(true);
    }
  });

  it("verifyWebhook(Async) and constructWebhookEvent accept a signature computed the guide's way", async () => {
    const body = Buffer.from(example.body, 'utf8');
    const signature = guideSignature(secret, body);
    expect(verifyWebhook(body, signature, secret)).toBe(true);
    expect(await verifyWebhookAsync(body, signature, secret)).toBe(true);
    const event = constructWebhookEvent(
      body,
      {
        'x-momotalk-bot-id': 'bot_...',
        'x-momotalk-event-id': 'evt_...',
        'x-momotalk-bot-signature': signature,
      },
      secret,
    );
    expect(event.event_id).toBe('evt_...');
  });

  it('both refuse a wrong signature and a missing header alike', () => {
    const body = Buffer.from(example.body, 'utf8');
    const wrong = guideSignature('other', body);
    expect(guideAccepts(secret, body, wrong)).toBe(false);
    expect(verifyWebhook(body, wrong, secret)).toBe(false);
    expect(guideAccepts(secret, body, undefined)).toBe(false);
    expect(verifyWebhook(body, undefined, secret)).toBe(false);
  });
});

// Deliveries every benchmark shares: signed `talk.message_created` events of an exact byte size, in the
// shape of the platform guide's example (seeds/000), and the signing schemes each peer expects.
import { createHmac } from 'node:crypto';

export const SECRET = 'bench-webhook-secret-0f1e2d3c4b5a6978';
export const BOT_ID = 'bot_bench';
export const BOT_TOKEN = 'bot_token_bench_0123456789';
export const WEBHOOK_PATH = '/webhook';

/** A fixed-width event id, so every delivery of a given size has exactly the same length. */
export function eventId(n) {
  return `evt_${String(n).padStart(16, '0')}`;
}

/**
 * A `talk.message_created` body of exactly `size` bytes (ASCII padding in `message.body`).
 * @param {number} size
 * @param {string} [id]
 */
export function eventBody(size, id = eventId(1)) {
  const event = (text) => ({
    event_id: id,
    event_type: 'talk.message_created',
    bot_id: BOT_ID,
    timestamp: 1780833600,
    message: {
      room_id: 123,
      message_id: 456,
      sender_user_id: 'user_bench',
      body: text,
      message_type: 'TEXT',
      created_at: 1780833600,
    },
  });
  const empty = JSON.stringify(event('')).length;
  if (size < empty) throw new Error(`an event needs at least ${empty} bytes`);
  const filler = 'The quick brown fox jumps over the lazy dog. ';
  const text = filler.repeat(Math.ceil(size / filler.length)).slice(0, size - empty);
  const body = JSON.stringify(event(text));
  if (Buffer.byteLength(body) !== size) throw new Error('event body has the wrong size');
  return body;
}

/** MoMoTalk: lowercase hex HMAC-SHA256 of the raw body. */
export function signHex(body, secret = SECRET) {
  return createHmac('sha256', secret).update(body).digest('hex');
}

/** LINE: base64 HMAC-SHA256 in `x-line-signature`. */
export function signBase64(body, secret = SECRET) {
  return createHmac('sha256', secret).update(body).digest('base64');
}

/** GitHub / Octokit: `sha256=<hex>` in `x-hub-signature-256`. */
export function signGithub(body, secret = SECRET) {
  return `sha256=${signHex(body, secret)}`;
}

/** The headers the platform sends with a delivery. */
export function momotalkHeaders(body, id) {
  return {
    'content-type': 'application/json',
    'x-momotalk-bot-id': BOT_ID,
    'x-momotalk-event-id': id,
    'x-momotalk-bot-signature': signHex(body),
  };
}

import { assertRawBody, type RawBody } from './raw-body.js';
import { bytesToHex, getSubtle, hmacKey, toBufferSource } from './web-crypto-hmac.js';
import { normaliseSecrets } from './webhook-secret.js';

/**
 * {@link signWebhook} on Web Crypto, for runtimes without node:crypto (Cloudflare Workers, browsers, Deno
 * Deploy): the lowercase hex HMAC-SHA256 MoMoTalk would send as `X-MoMoTalk-Bot-Signature`.
 *
 * @param rawBody - The exact body bytes (strings are UTF-8).
 * @param secret - The webhook secret.
 * @returns 64 lowercase hex digits.
 * @throws {TypeError} When `rawBody` is not raw bytes or text, or `secret` is empty or a placeholder
 * such as `"undefined"` (thrown synchronously).
 * @throws {Error} When the runtime has no Web Crypto.
 *
 * @example
 * ```ts
 * import { signWebhookAsync } from 'momotalk-bot-sdk';
 *
 * const signature = await signWebhookAsync('{"event_type":"talk.message_created"}', 'my-webhook-secret');
 * ```
 */
export function signWebhookAsync(rawBody: RawBody, secret: string): Promise<string> {
  assertRawBody(rawBody, 'signWebhookAsync');
  const [key] = normaliseSecrets(secret, 'signWebhookAsync') as [string];
  const subtle = getSubtle('signWebhookAsync');
  return hmacKey(subtle, key)
    .then((cryptoKey) => subtle.sign('HMAC', cryptoKey, toBufferSource(rawBody)))
    .then(bytesToHex);
}

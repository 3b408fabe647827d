import { getNodeCrypto } from '../../internal/node-crypto.js';
import { assertRawBody, type RawBody } from './raw-body.js';
import { normaliseSecrets } from './webhook-secret.js';

/**
 * The signature MoMoTalk would send for `rawBody`: lowercase hex HMAC-SHA256 keyed with `secret`, the
 * value of the `X-MoMoTalk-Bot-Signature` header. For tests, tools and the emulator.
 *
 * Synchronous, on node:crypto; on runtimes without it use {@link signWebhookAsync}.
 *
 * @param rawBody - The exact body bytes (strings are UTF-8).
 * @param secret - The webhook secret.
 * @returns 64 lowercase hex digits.
 * @throws {TypeError} When `rawBody` is not raw bytes or text, or `secret` is empty or a placeholder
 * (blank, `"undefined"`, `"null"`).
 * @throws {Error} When the runtime has no node:crypto.
 *
 * @example
 * ```ts
 * import { signWebhook } from 'momotalk-bot-sdk';
 *
 * const body = JSON.stringify({ event_type: 'talk.message_created' });
 * const signature = signWebhook(body, 'my-webhook-secret');
 * ```
 */
export function signWebhook(rawBody: RawBody, secret: string): string {
  assertRawBody(rawBody, 'signWebhook');
  const [key] = normaliseSecrets(secret, 'signWebhook') as [string];
  const crypto = getNodeCrypto();
  if (crypto === undefined) throw missingNodeCrypto('signWebhook', 'signWebhookAsync');
  return crypto
    .createHmac('sha256', key)
    .update(rawBody instanceof ArrayBuffer ? new Uint8Array(rawBody) : rawBody)
    .digest('hex');
}

/** @internal The error for sync crypto on a runtime without node:crypto. */
export function missingNodeCrypto(caller: string, alternative: string): Error {
  return new Error(
    `[momotalk-bot-sdk] ${caller} needs node:crypto, which this runtime does not provide ` +
      `(Cloudflare Workers without the nodejs_compat flag, or a browser). Use ${alternative}, which runs on Web Crypto.`,
  );
}

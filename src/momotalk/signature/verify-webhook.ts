import { isPlaceholder, matchesAny } from '../../internal/configured-secrets.js';
import { getNodeCrypto } from '../../internal/node-crypto.js';
import { assertRawBody, type RawBody } from './raw-body.js';
import { missingNodeCrypto } from './sign-webhook.js';
import { SIGNATURE_HEX_LENGTH } from './signature-format.js';
import { normaliseSecrets, type WebhookSecret } from './webhook-secret.js';

type NodeCryptoModule = NonNullable<ReturnType<typeof getNodeCrypto>>;

/**
 * Checks the `X-MoMoTalk-Bot-Signature` of a delivery: HMAC-SHA256 of the raw body bytes keyed with the
 * webhook secret, compared in constant time.
 *
 * Returns `false`, never throws, for anything an attacker controls: a missing, empty, malformed,
 * wrong-length, non-hex, `sha256=`-prefixed or padded signature, or a body that does not match.
 * Throws only for programmer errors: a parsed object instead of the raw body, an empty secret.
 *
 * Synchronous, on node:crypto (Node, Bun, Deno, workerd with `nodejs_compat`); elsewhere use
 * {@link verifyWebhookAsync}.
 *
 * @param rawBody - The exact body bytes as received: a string, Uint8Array/Buffer or ArrayBuffer.
 * @param signature - The `X-MoMoTalk-Bot-Signature` header value, possibly missing.
 * @param secret - The webhook secret, or a list of secrets during a rotation (true if any matches).
 * @returns `true` when the signature is genuine.
 * @throws {TypeError} When `rawBody` is not raw bytes or text, or `secret` is missing, empty or a
 * placeholder (blank, `"undefined"`, `"null"`).
 * @throws {Error} When the runtime has no node:crypto.
 *
 * @example
 * ```ts
 * import { verifyWebhook } from 'momotalk-bot-sdk';
 *
 * const rawBody = await request.text();
 * const ok = verifyWebhook(rawBody, request.headers.get('x-momotalk-bot-signature'), process.env.MOMOTALK_WEBHOOK_SECRET!);
 * if (!ok) return new Response('invalid signature', { status: 401 });
 * ```
 */
export function verifyWebhook(
  rawBody: RawBody,
  signature: string | null | undefined,
  secret: WebhookSecret,
): boolean {
  assertRawBody(rawBody, 'verifyWebhook');
  // The common case, one secret, without allocating a list.
  const single = typeof secret === 'string' && !isPlaceholder(secret) ? secret : undefined;
  const secrets = single === undefined ? normaliseSecrets(secret, 'verifyWebhook') : undefined;
  const crypto = getNodeCrypto();
  if (crypto === undefined) throw missingNodeCrypto('verifyWebhook', 'verifyWebhookAsync');
  if (typeof signature !== 'string' || signature.length !== SIGNATURE_HEX_LENGTH) return false;
  // Hex decoding stops at the first non-hex character, so 64 characters give 32 bytes only when all of them
  // are hex digits: the same check as a regex, without its cost on the hot path.
  const received = Buffer.from(signature, 'hex');
  if (received.length !== SIGNATURE_HEX_LENGTH / 2) return false;
  const data = rawBody instanceof ArrayBuffer ? new Uint8Array(rawBody) : rawBody;
  if (secrets === undefined)
    return crypto.timingSafeEqual(hmacSha256(crypto, single as string, data), received);
  // Every secret is tried, so the time taken does not reveal which one matched.
  return matchesAny(secrets, (key) => crypto.timingSafeEqual(hmacSha256(crypto, key, data), received));
}

function hmacSha256(crypto: NodeCryptoModule, key: string, data: Uint8Array | string): Buffer {
  return crypto.createHmac('sha256', key).update(data).digest();
}

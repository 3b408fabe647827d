import { assertRawBody, type RawBody } from './raw-body.js';
import { isWellFormedSignature } from './signature-format.js';
import { getSubtle, hexToBytes, hmacKey, toBufferSource } from './web-crypto-hmac.js';
import { normaliseSecrets, type WebhookSecret } from './webhook-secret.js';

/**
 * {@link verifyWebhook} on Web Crypto, for runtimes without node:crypto (Cloudflare Workers without
 * `nodejs_compat`, browsers, Deno Deploy). Same contract: resolves `false`, never rejects, for anything an
 * attacker controls (a missing, empty, malformed, wrong-length, non-hex, `sha256=`-prefixed or padded
 * signature, or a body that does not match); throws a `TypeError` for programmer errors.
 *
 * The comparison is left to `crypto.subtle.verify`, whose HMAC check is constant time in Node, Deno,
 * workerd and browsers' crypto libraries. Imported keys are cached per secret (a small bounded cache). On Node, the synchronous {@link verifyWebhook} is many times faster.
 *
 * @param rawBody - The exact body bytes as received: a string, Uint8Array/Buffer or ArrayBuffer.
 * @param signature - The `X-MoMoTalk-Bot-Signature` header value, possibly missing.
 * @param secret - The webhook secret, or a list of secrets during a rotation (true if any matches).
 * @returns `true` when the signature is genuine.
 * @throws {TypeError} When `rawBody` is not raw bytes or text, or `secret` is missing, empty or a
 * placeholder such as `"undefined"` (thrown synchronously, before any promise).
 * @throws {Error} When the runtime has no Web Crypto.
 *
 * @example
 * ```ts
 * import { verifyWebhookAsync } from 'momotalk-bot-sdk';
 *
 * export default {
 *   async fetch(request: Request, env: { MOMOTALK_WEBHOOK_SECRET: string }) {
 *     const rawBody = await request.arrayBuffer();
 *     const signature = request.headers.get('x-momotalk-bot-signature');
 *     if (!(await verifyWebhookAsync(rawBody, signature, env.MOMOTALK_WEBHOOK_SECRET))) {
 *       return new Response('invalid signature', { status: 401 });
 *     }
 *     return Response.json({ ok: true });
 *   },
 * };
 * ```
 */
export function verifyWebhookAsync(
  rawBody: RawBody,
  signature: string | null | undefined,
  secret: WebhookSecret,
): Promise<boolean> {
  assertRawBody(rawBody, 'verifyWebhookAsync');
  const secrets = normaliseSecrets(secret, 'verifyWebhookAsync');
  const subtle = getSubtle('verifyWebhookAsync');
  if (!isWellFormedSignature(signature)) return Promise.resolve(false);
  const received = hexToBytes(signature);
  const data = toBufferSource(rawBody);
  // Every secret is tried, so the time taken does not reveal which one matched.
  return Promise.all(
    secrets.map((key) =>
      hmacKey(subtle, key).then((cryptoKey) => subtle.verify('HMAC', cryptoKey, received, data)),
    ),
  ).then((results) => results.includes(true));
}

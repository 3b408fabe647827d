// What every test folder shares: the webhook secret, an independent signer (node:crypto, never the SDK's
// own signWebhook, so a bug there cannot sign its own forgeries valid), and the CI-aware check for the
// external tools some tests need. Bot ids in fixture files (adapters, Lambda events) and the Bot API's
// bot id in the client tests stay with those files.
import { createHmac } from 'node:crypto';
import { existsSync } from 'node:fs';

/** The MoMoTalk webhook secret the tests sign and verify with. */
export const SECRET = 'test-webhook-secret-0123456789';

/** The bot id of the handler fixtures (test/fixtures/handler) and of generated deliveries. */
export const BOT_ID = 'bot_test';

/** The text configured as the NHN Cloud Bizmessage webhook signature (compared as is, no HMAC). */
export const NHN_SIGNATURE = 's3cr3t-configured-text';

/** The Kakao app's Admin key the Talk Share receiver expects in `Authorization: KakaoAK …`. */
export const ADMIN_KEY = '0f1e2d3c';

/** `HMAC-SHA256(secret, body)` as lowercase hex: the value of `X-MoMoTalk-Bot-Signature`. */
export function sign(body: string | Uint8Array, secret: string = SECRET): string {
  return createHmac('sha256', secret).update(body).digest('hex');
}

/** True on CI, where a missing tool is a failure, never a skip. */
export const isCI = ['true', '1'].includes(String(process.env.CI).toLowerCase());

/**
 * Whether the external program at `path` exists. Missing: throws on CI (CI must run every test), else
 * warns loudly and returns false so the caller can skip its tests.
 */
export function toolAvailable(path: string, what: string, install: string): boolean {
  if (existsSync(path)) return true;
  const message = `${path} not found: ${what} need it (${install}).`;
  if (isCI) throw new Error(`${message} CI must run them.`);
  console.warn(`\n*** SKIPPING ${what}: ${message} ***\n`);
  return false;
}

/**
 * A check that cannot run on this machine (a runtime or the registry missing): on CI it fails with
 * `reason`, elsewhere it is skipped loudly with it.
 */
export function notCheckedHere(context: { skip(note?: string): never }, reason: string): never {
  if (isCI) throw new Error(`${reason} (CI=true: nothing may be skipped)`);
  console.warn(`\n*** SKIPPING: ${reason}; CI fails here ***\n`);
  return context.skip(reason);
}

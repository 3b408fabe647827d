import { configuredSecrets, type SecretSpec } from '../../internal/configured-secrets.js';
import { constantTimeMatcher } from '../../internal/constant-time-equal.js';
import { rememberLastMatcher } from '../../internal/remember-last-matcher.js';

/**
 * Checks the `X-Toast-Webhook-Signature` header of an NHN Cloud webhook: NHN sends the signature text
 * typed in the console unchanged (it is not an HMAC), so this is a constant-time equality check.
 *
 * Returns `false`, never throws, for a missing or wrong header. Throws for a missing or empty configured
 * signature: checking against nothing would accept every request (never fail open). The configured text
 * is trimmed (HTTP strips a header value's surrounding whitespace). The last configured string is
 * remembered, so calling this on every request checks and hashes it only once.
 *
 * @param header - The `X-Toast-Webhook-Signature` value, possibly missing.
 * @param signature - The signature text configured in the NHN Cloud console, or several during a change.
 * @returns `true` when the header equals (one of) the configured text(s).
 * @throws {TypeError} When `signature` is missing, empty, a placeholder (`"undefined"`, `"null"`), or not a string or array of strings.
 *
 * @example
 * ```ts
 * import { verifyBizmessageSignature } from 'momotalk-bot-sdk/kakao';
 *
 * const ok = verifyBizmessageSignature(request.headers.get('x-toast-webhook-signature'), process.env.NHN_WEBHOOK_SIGNATURE!);
 * if (!ok) return new Response(null, { status: 401 });
 * ```
 */
export function verifyBizmessageSignature(
  header: string | null | undefined,
  signature: string | readonly string[],
): boolean {
  return checkSignature(header ?? undefined, signature);
}

const checkSignature = /* @__PURE__ */ rememberLastMatcher<unknown>((signature) =>
  signatureMatcher(signature, 'verifyBizmessageSignature'),
);

/** @internal Guidance shown when the signature is not configured. */
export const SIGNATURE_HINT =
  'Pass the signature text set in the NHN Cloud console (Notification > KakaoTalk Bizmessage > Webhook), ' +
  'and set one there if it is empty: the console allows none, but then anyone can post to your URL.';

const SIGNATURE_SPEC: SecretSpec = { option: 'signature', hint: SIGNATURE_HINT, trim: true };

/**
 * @internal The check of `X-Toast-Webhook-Signature` against the configured signature text(s): the
 * configuration is validated (a `TypeError` otherwise) and hashed once, here; each call only compares.
 */
export function signatureMatcher(signature: unknown, caller: string): (header: unknown) => boolean {
  return constantTimeMatcher(configuredSecrets(signature, caller, SIGNATURE_SPEC));
}

import { configuredSecrets, type SecretSpec } from '../../internal/configured-secrets.js';
import { constantTimeMatcher } from '../../internal/constant-time-equal.js';
import { rememberLastMatcher } from '../../internal/remember-last-matcher.js';

const KAKAO_AK = /^KakaoAK +(\S+)$/i;

/**
 * Checks the `Authorization` header of a Kakao Talk Share webhook: `KakaoAK <primary admin key>`, compared
 * in constant time (Kakao does not sign the request; the admin key is the credential). The scheme is
 * matched case-insensitively, as HTTP auth schemes are.
 *
 * Returns `false`, never throws, for a missing header, another scheme, or a wrong key. Throws for a missing
 * or empty configured admin key (never fail open). The last configured string is remembered, so calling
 * this on every request checks and hashes it only once.
 *
 * @param header - The `Authorization` value, possibly missing.
 * @param adminKey - The app's primary admin key, or several during a key change.
 * @returns `true` when the header carries (one of) the admin key(s).
 * @throws {TypeError} When `adminKey` is missing, empty, a placeholder (`"undefined"`, `"null"`), or not a string or array of strings.
 *
 * @example
 * ```ts
 * import { verifyTalkShareAuthorization } from 'momotalk-bot-sdk/kakao';
 *
 * if (!verifyTalkShareAuthorization(request.headers.get('authorization'), process.env.KAKAO_ADMIN_KEY!)) {
 *   return new Response(null, { status: 401 });
 * }
 * ```
 */
export function verifyTalkShareAuthorization(
  header: string | null | undefined,
  adminKey: string | readonly string[],
): boolean {
  return checkAuthorization(header ?? undefined, adminKey);
}

const checkAuthorization = /* @__PURE__ */ rememberLastMatcher<string | undefined>((adminKey) =>
  adminKeyMatcher(adminKey, 'verifyTalkShareAuthorization'),
);

/** @internal Guidance shown when the admin key is not configured. */
export const ADMIN_KEY_HINT =
  "Pass your app's primary admin key from Kakao Developers ([App] > [App Keys] > Admin key), " +
  'e.g. process.env.KAKAO_ADMIN_KEY.';

const ADMIN_KEY_SPEC: SecretSpec = { option: 'adminKey', hint: ADMIN_KEY_HINT, trim: true };

/**
 * @internal The check of an `Authorization` header against the configured admin key(s): the
 * configuration is validated (a `TypeError` otherwise) and hashed once, here; each call only compares.
 */
export function adminKeyMatcher(adminKey: unknown, caller: string): (header: string | undefined) => boolean {
  const matches = constantTimeMatcher(configuredSecrets(adminKey, caller, ADMIN_KEY_SPEC));
  return (header) => {
    const match = header === undefined ? null : KAKAO_AK.exec(header.trim());
    // A malformed header is still compared (against a placeholder), so it takes the same time as a wrong key.
    return matches(match?.[1] ?? '') && match !== null;
  };
}

import { constantTimeEqual } from '../../internal/constant-time-equal.js';
import { configuredValues, matchesAny } from '../configured-values.js';

const KAKAO_AK = /^KakaoAK +(\S+)$/i;

/**
 * Checks the `Authorization` header of a Kakao Talk Share webhook: `KakaoAK <primary admin key>`, compared
 * in constant time (Kakao does not sign the request; the admin key is the credential). The scheme is
 * matched case-insensitively, as HTTP auth schemes are.
 *
 * Returns `false`, never throws, for a missing header, another scheme, or a wrong key. Throws for a missing
 * or empty configured admin key (never fail open).
 *
 * @param header - The `Authorization` value, possibly missing.
 * @param adminKey - The app's primary admin key, or several during a key change.
 * @returns `true` when the header carries (one of) the admin key(s).
 * @throws {TypeError} When `adminKey` is missing, empty, or not a string or array of strings.
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
  const expected = configuredValues(adminKey, 'adminKey', 'verifyTalkShareAuthorization', ADMIN_KEY_HINT);
  return matchesAdminKey(header ?? undefined, expected);
}

/** @internal The check itself, on already validated keys. */
export function matchesAdminKey(header: string | undefined, adminKeys: readonly string[]): boolean {
  const match = header === undefined ? null : KAKAO_AK.exec(header.trim());
  // A malformed header is still compared (against a placeholder), so it takes the same time as a wrong key.
  return matchesAny(match?.[1] ?? '', adminKeys, constantTimeEqual) && match !== null;
}

/** @internal Guidance shown when the admin key is not configured. */
export const ADMIN_KEY_HINT =
  "Pass your app's primary admin key from Kakao Developers ([App] > [App Keys] > Admin key), " +
  'e.g. process.env.KAKAO_ADMIN_KEY.';

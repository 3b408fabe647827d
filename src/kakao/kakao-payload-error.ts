import type * as z from 'zod/mini';
import { isSdkErrorNamed, MoMoTalkError } from '../errors/momotalk-error.js';
import { formatZodIssues } from '../internal/format-zod-issues.js';

/**
 * Why a Kakao-side delivery could not be parsed (a machine-readable code, snake_case like
 * `WebhookVerificationReason`). The receivers answer 400 with the same code as `error`.
 *
 * - `invalid_json`: the body is not JSON (Bizmessage; Talk Share sent as `application/json`).
 * - `invalid_payload`: the JSON or parameters do not have the documented shape; `issues` says where.
 * - `repeated_parameter`: a Talk Share parameter appears more than once in a query string, form or JSON body.
 *
 * @example
 * ```ts
 * import type { KakaoPayloadErrorReason } from 'momotalk-bot-sdk/kakao';
 *
 * const reason: KakaoPayloadErrorReason = 'invalid_json';
 * ```
 */
export type KakaoPayloadErrorReason = 'invalid_json' | 'invalid_payload' | 'repeated_parameter';

/**
 * A Kakao-side delivery (NHN Cloud KakaoTalk Bizmessage or Kakao Talk Share) had an invalid body or
 * parameters. Receivers answer it with 400 and report it through `onError`; the parse functions throw it.
 * The message names fields and keys, never their values.
 *
 * @example
 * ```ts
 * import { isKakaoPayloadError, parseBizmessageWebhook } from 'momotalk-bot-sdk/kakao';
 *
 * try {
 *   parseBizmessageWebhook(rawBody);
 * } catch (error) {
 *   if (isKakaoPayloadError(error)) console.warn(error.reason, error.issues);
 * }
 * ```
 */
export class KakaoPayloadError extends MoMoTalkError {
  /** Always `'KakaoPayloadError'` (what {@link isKakaoPayloadError} checks). */
  override name = 'KakaoPayloadError';
  /** What was wrong, as a code. */
  readonly reason: KakaoPayloadErrorReason;
  /** The zod issues, when a schema rejected the payload; empty otherwise. */
  readonly issues: readonly z.core.$ZodIssue[];

  constructor(
    reason: KakaoPayloadErrorReason,
    message: string,
    options?: ErrorOptions & { issues?: readonly z.core.$ZodIssue[] },
  ) {
    super(message, options);
    this.reason = reason;
    this.issues = options?.issues ?? [];
  }
}

/**
 * True for a {@link KakaoPayloadError} from any copy of this package.
 *
 * @example
 * ```ts
 * import { isKakaoPayloadError } from 'momotalk-bot-sdk/kakao';
 *
 * if (isKakaoPayloadError(error)) console.warn('bad Kakao delivery:', error.reason);
 * ```
 */
export function isKakaoPayloadError(value: unknown): value is KakaoPayloadError {
  return isSdkErrorNamed(value, 'KakaoPayloadError');
}

/** @internal A `KakaoPayloadError` for zod issues: paths only, never the values. */
export function payloadErrorFromIssues(what: string, issues: readonly z.core.$ZodIssue[]): KakaoPayloadError {
  return new KakaoPayloadError(
    'invalid_payload',
    `${what}: not the documented shape (${formatZodIssues(issues)}).`,
    {
      issues,
    },
  );
}

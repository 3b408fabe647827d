import { isSdkErrorNamed, MoMoTalkError } from './momotalk-error.js';

/**
 * Why {@link constructWebhookEvent} refused a delivery, machine-readable:
 *
 * - `missing_signature`: no `X-MoMoTalk-Bot-Signature` header, or an empty one.
 * - `invalid_signature`: the signature is malformed or does not match the raw body and secret.
 * - `bot_id_mismatch`: the body's `bot_id` disagrees with the `X-MoMoTalk-Bot-Id` header or the `botId` option.
 * - `event_id_mismatch`: the body's `event_id` disagrees with the `X-MoMoTalk-Event-Id` header.
 * - `missing_timestamp`: `maxAgeSeconds` is set but the event has no numeric `timestamp`.
 * - `timestamp_too_old`: the signed `timestamp` is older than `maxAgeSeconds`.
 * - `timestamp_in_future`: the signed `timestamp` is more than `maxAgeSeconds` ahead of the clock.
 *
 * Receivers answer every reason with 401.
 *
 * @example
 * ```ts
 * const reason: WebhookVerificationReason = 'invalid_signature';
 * ```
 */
export type WebhookVerificationReason =
  | 'missing_signature'
  | 'invalid_signature'
  | 'bot_id_mismatch'
  | 'event_id_mismatch'
  | 'missing_timestamp'
  | 'timestamp_too_old'
  | 'timestamp_in_future';

/**
 * A delivery could not be authenticated: its signature, ids or age do not check out. Answer it with 401;
 * `reason` says why. The message never contains the secret or the signature value.
 *
 * @example
 * ```ts
 * import { constructWebhookEvent, isWebhookVerificationError } from 'momotalk-bot-sdk';
 *
 * try {
 *   const event = constructWebhookEvent(rawBody, request.headers, secret);
 * } catch (error) {
 *   if (isWebhookVerificationError(error)) return new Response(error.reason, { status: 401 });
 *   throw error;
 * }
 * ```
 */
export class WebhookVerificationError extends MoMoTalkError {
  /** Always `'WebhookVerificationError'`, in every copy of the package (what the `is…Error` guards check). */
  override name = 'WebhookVerificationError';
  /** Why the delivery was refused. */
  readonly reason: WebhookVerificationReason;

  constructor(reason: WebhookVerificationReason, message: string, options?: ErrorOptions) {
    super(message, options);
    this.reason = reason;
  }
}

/**
 * True for a {@link WebhookVerificationError} from any copy of this package (ESM or CJS) or realm.
 *
 * @example
 * ```ts
 * if (isWebhookVerificationError(error)) console.warn('rejected delivery:', error.reason);
 * ```
 */
export function isWebhookVerificationError(value: unknown): value is WebhookVerificationError {
  return isSdkErrorNamed(value, 'WebhookVerificationError');
}

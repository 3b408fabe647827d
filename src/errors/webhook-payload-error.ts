import type { core } from 'zod/mini';
import { isSdkErrorNamed, MoMoTalkError } from './momotalk-error.js';

/**
 * A webhook body is not a usable event: not JSON, not a JSON object, without a string `event_type`, or a
 * known event type (e.g. `talk.message_created`) of the wrong shape. Receivers answer it with 400.
 *
 * Unknown event types are never this error: they parse as `UnknownWebhookEvent`.
 * The message names the failing fields (from the zod issues), never the body's values.
 *
 * @example
 * ```ts
 * import { isWebhookPayloadError, parseWebhookEvent } from 'momotalk-bot-sdk';
 *
 * try {
 *   parseWebhookEvent('{"event_type":"talk.message_created"}');
 * } catch (error) {
 *   if (isWebhookPayloadError(error)) console.error(error.message, error.issues);
 * }
 * ```
 */
export class WebhookPayloadError extends MoMoTalkError {
  /** Always `'WebhookPayloadError'`, in every copy of the package (what the `is…Error` guards check). */
  override name = 'WebhookPayloadError';
  /** What zod found wrong; empty when the body was not JSON at all (see `cause`). */
  readonly issues: readonly core.$ZodIssue[];

  constructor(message: string, issues: readonly core.$ZodIssue[] = [], options?: ErrorOptions) {
    super(message, options);
    this.issues = issues;
  }
}

/**
 * True for a {@link WebhookPayloadError} from any copy of this package (ESM or CJS) or realm.
 *
 * @example
 * ```ts
 * if (isWebhookPayloadError(error)) return new Response('bad payload', { status: 400 });
 * ```
 */
export function isWebhookPayloadError(value: unknown): value is WebhookPayloadError {
  return isSdkErrorNamed(value, 'WebhookPayloadError');
}

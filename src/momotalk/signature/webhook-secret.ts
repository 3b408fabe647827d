import { configuredSecrets, type SecretSpec } from '../../internal/configured-secrets.js';

/**
 * The bot's webhook secret, or several during a rotation: a delivery is genuine when it matches any.
 *
 * @example
 * ```ts
 * const secret: WebhookSecret = [process.env.MOMOTALK_WEBHOOK_SECRET!, process.env.OLD_SECRET!];
 * ```
 */
export type WebhookSecret = string | readonly string[];

const WEBHOOK_SECRET: SecretSpec = {
  option: 'secret',
  hint: 'Is MOMOTALK_WEBHOOK_SECRET set? Pass the webhook secret from the bot console.',
  // An HMAC key is used byte for byte: surrounding whitespace is part of it.
  trim: false,
};

/**
 * @internal The secrets as a non-empty list of non-empty strings, as given (not trimmed). Throws a
 * `TypeError` (a programmer error, never caused by a request) for a missing or empty secret. The message
 * never contains a secret.
 */
export function normaliseSecrets(secret: unknown, caller: string): readonly string[] {
  return configuredSecrets(secret, caller, WEBHOOK_SECRET);
}

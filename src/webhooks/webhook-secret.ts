/**
 * The bot's webhook secret, or several during a rotation: a delivery is genuine when it matches any.
 *
 * @example
 * ```ts
 * const secret: WebhookSecret = [process.env.MOMOTALK_WEBHOOK_SECRET!, process.env.OLD_SECRET!];
 * ```
 */
export type WebhookSecret = string | readonly string[];

/**
 * @internal The secrets as a non-empty list. Throws a `TypeError` (a programmer error, never caused by a
 * request) for a missing or empty secret. The message never contains a secret.
 */
export function normaliseSecrets(secret: unknown, caller: string): readonly string[] {
  const secrets =
    typeof secret === 'string' ? [secret] : Array.isArray(secret) ? (secret as unknown[]) : null;
  if (secrets === null) {
    throw new TypeError(
      `[momotalk-bot-sdk] ${caller}: secret must be a string or an array of strings (got ${secret === null ? 'null' : typeof secret}). ` +
        'Pass the webhook secret from the bot console, e.g. process.env.MOMOTALK_WEBHOOK_SECRET.',
    );
  }
  if (secrets.length === 0) {
    throw new TypeError(
      `[momotalk-bot-sdk] ${caller}: the list of secrets is empty; pass at least one secret.`,
    );
  }
  for (let index = 0; index < secrets.length; index++) {
    const value = secrets[index];
    if (typeof value !== 'string' || value.length === 0) {
      const which = secrets.length === 1 ? 'the secret' : `secret #${index}`;
      throw new TypeError(
        `[momotalk-bot-sdk] ${caller}: ${which} is empty or not a string. Is MOMOTALK_WEBHOOK_SECRET set? ` +
          'An empty secret would accept signatures anyone can compute, so it is refused.',
      );
    }
  }
  return secrets as readonly string[];
}

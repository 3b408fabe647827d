import { readEnv } from '../../internal/read-env.js';
import { assertConstructOptions } from '../events/construct-webhook-event.js';
import { type MoMoTalkCheck, nonEmpty } from '../provider.js';
import { normaliseSecrets, type WebhookSecret } from '../signature/webhook-secret.js';
import type { ReplyClient } from './webhook-context.js';
import type { WebhookHandlerOptions } from './webhook-handler-options.js';

/**
 * @internal The secret and body checks of `createWebhookHandler` and `new Bot().webhook()`, from their
 * options and the `MOMOTALK_WEBHOOK_SECRET` / `MOMOTALK_BOT_ID` fallbacks, validated once.
 * @throws {TypeError} When no secret is configured, more than one of `secret` / `secrets` / `getSecret` is
 * given, a secret is empty or a placeholder, `getSecret` is not a function, or `maxAgeSeconds` is invalid.
 */
export function resolveCheck(
  options: Pick<WebhookHandlerOptions, 'secret' | 'secrets' | 'getSecret' | 'botId' | 'maxAgeSeconds'>,
  caller: string,
): MoMoTalkCheck {
  const given = [options.secret, options.secrets, options.getSecret].filter((value) => value !== undefined);
  if (given.length > 1) {
    throw new TypeError(`[momotalk-bot-sdk] ${caller}: give only one of secret, secrets and getSecret.`);
  }
  const maxAgeSeconds = options.maxAgeSeconds;
  assertConstructOptions({ maxAgeSeconds }, caller); // once here; never per delivery
  if (options.getSecret !== undefined) {
    if (typeof options.getSecret !== 'function') {
      throw new TypeError(`[momotalk-bot-sdk] ${caller}: getSecret must be a function (botId) => secret.`);
    }
    return { secret: options.getSecret, construct: { botId: nonEmpty(options.botId), maxAgeSeconds } };
  }
  const secret: WebhookSecret | undefined =
    options.secret ?? options.secrets ?? readEnv('MOMOTALK_WEBHOOK_SECRET');
  if (secret === undefined) {
    throw new TypeError(
      `[momotalk-bot-sdk] ${caller}: no webhook secret. Pass { secret } (the bot console shows it) or set ` +
        'MOMOTALK_WEBHOOK_SECRET; for several bots on one endpoint pass getSecret(botId).',
    );
  }
  normaliseSecrets(secret, caller); // throws a TypeError with guidance for an empty secret
  return {
    secret,
    construct: { botId: nonEmpty(options.botId ?? readEnv('MOMOTALK_BOT_ID')), maxAgeSeconds },
  };
}

/**
 * @internal The `client` option as a lookup by bot id. Without one, the lookup throws a `TypeError` saying
 * how to pass one: the client is never created implicitly, so webhook-only code does not bundle ky.
 */
export function resolveClient(
  client: WebhookHandlerOptions['client'],
  caller: string,
): (botId: string | undefined) => ReplyClient {
  if (typeof client === 'function') return client;
  if (client !== undefined) return () => client;
  return () => {
    throw new TypeError(
      `[momotalk-bot-sdk] ctx.reply / ctx.client: no Bot API client. Pass one to ${caller}: ` +
        "{ client: new BotClient() } (import { BotClient } from 'momotalk-bot-sdk'; it reads MOMOTALK_BOT_ID and " +
        'MOMOTALK_BOT_TOKEN). It is never created implicitly, so webhook-only functions do not bundle the HTTP client.',
    );
  };
}

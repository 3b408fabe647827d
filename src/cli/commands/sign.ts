import { signWebhook } from '../../webhooks/sign-webhook.js';
import { ENV, requireSetting } from '../cli-config.js';
import type { CliCommand } from '../command.js';
import { bodyHints, readInput } from '../read-input.js';

/**
 * `momotalk-bot sign [file]`: prints the `X-MoMoTalk-Bot-Signature` value for a body, to compare with
 * what a bot computes when signatures do not match.
 *
 * @example
 * ```ts
 * await signCommand.run({ secret: 's3cret' }, ['body.json'], io); // prints 64 hex digits
 * ```
 */
export const signCommand: CliCommand = {
  name: 'sign',
  summary: 'Print the signature of a body (file or stdin)',
  usage: 'momotalk-bot sign [file|-] [--secret <secret>]',
  help: `Prints the lowercase hex HMAC-SHA256 of the exact bytes of the file (or stdin), keyed with the
webhook secret: the value MoMoTalk sends as X-MoMoTalk-Bot-Signature. Byte count and hints go to stderr.

Options:
  --secret <secret>   the webhook secret (default: $${ENV.secret})

Examples:
  momotalk-bot sign body.json --secret my-secret
  printf '%s' '{"event_type":"talk.message_created"}' | momotalk-bot sign`,
  options: { secret: { type: 'string' } },
  async run(values, positionals, io) {
    const secret = requireSetting(values, 'secret', io.env, ENV.secret);
    const body = await readInput(positionals, io, 'sign');
    io.out(signWebhook(body, secret));
    for (const hint of bodyHints(body)) io.err(hint);
    return 0;
  },
};

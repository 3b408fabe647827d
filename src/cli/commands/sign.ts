import { signWebhook } from '../../momotalk/signature/sign-webhook.js';
import { ENV, requireSetting } from '../cli-config.js';
import { CliUsageError } from '../cli-usage-error.js';
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
  usage: 'momotalk-bot sign [file|-] [--secret <secret>] [--allow-empty]',
  help: `Prints the lowercase hex HMAC-SHA256 of the exact bytes of the file (or stdin), keyed with the
webhook secret: the value MoMoTalk sends as X-MoMoTalk-Bot-Signature. Byte count and hints go to stderr.

Options:
  --secret <secret>   the webhook secret (default: $${ENV.secret})
  --allow-empty       sign an empty body (0 bytes); without it an empty body is an error (exit 2)

Examples:
  momotalk-bot sign body.json --secret my-secret
  printf '%s' '{"event_type":"talk.message_created"}' | momotalk-bot sign`,
  options: { secret: { type: 'string' }, 'allow-empty': { type: 'boolean' } },
  async run(values, positionals, io) {
    const secret = requireSetting(values, 'secret', io.env, ENV.secret);
    const body = await readInput(positionals, io, 'sign');
    // No webhook has an empty body: 0 bytes almost always means nothing reached stdin (an empty pipe,
    // a redirect from the wrong file), and its signature would silently match nothing.
    if (body.byteLength === 0 && values['allow-empty'] !== true) {
      throw new CliUsageError(
        `The body is empty (0 bytes): nothing came from ${positionals[0] === undefined || positionals[0] === '-' ? 'stdin' : positionals[0]}. ` +
          'Pipe the body in (cat body.json | momotalk-bot sign) or name the file; --allow-empty signs 0 bytes on purpose.',
      );
    }
    io.out(signWebhook(body, secret));
    for (const hint of bodyHints(body)) io.err(hint);
    return 0;
  },
};

import { verifyWebhook } from '../../momotalk/signature/verify-webhook.js';
import { ENV, requireSetting } from '../cli-config.js';
import { CliUsageError } from '../cli-usage-error.js';
import type { CliCommand } from '../command.js';
import { bodyHints, readInput } from '../read-input.js';

/**
 * `momotalk-bot verify [file] --signature <hex>`: checks a body against a signature, exit code 0 when
 * it matches, 1 when not.
 *
 * @example
 * ```ts
 * const code = await verifyCommand.run({ secret: 's3cret', signature: 'ab12…' }, ['body.json'], io);
 * ```
 */
export const verifyCommand: CliCommand = {
  name: 'verify',
  summary: 'Check a body (file or stdin) against a signature',
  usage: 'momotalk-bot verify [file|-] --signature <hex> [--secret <secret>]',
  help: `Verifies the exact bytes of the file (or stdin) against an X-MoMoTalk-Bot-Signature value with
the webhook secret, in constant time. Prints "valid" (exit 0) or "invalid" (exit 1).

Options:
  --signature <hex>   the X-MoMoTalk-Bot-Signature header value (required)
  --secret <secret>   the webhook secret (default: $${ENV.secret})

Examples:
  momotalk-bot verify body.json --signature 3b1f… --secret my-secret`,
  options: { secret: { type: 'string' }, signature: { type: 'string' } },
  async run(values, positionals, io) {
    const secret = requireSetting(values, 'secret', io.env, ENV.secret);
    const signature = values.signature;
    if (typeof signature !== 'string' || signature === '') {
      throw new CliUsageError('Missing --signature: pass the X-MoMoTalk-Bot-Signature value to check.');
    }
    const body = await readInput(positionals, io, 'verify');
    if (verifyWebhook(body, signature, secret)) {
      io.out('valid');
      return 0;
    }
    io.out('invalid');
    io.err(
      /^[0-9a-f]{64}$/i.test(signature.trim())
        ? 'The signature is well-formed but does not match these bytes and this secret.'
        : 'The signature is not 64 hex digits (is it the whole X-MoMoTalk-Bot-Signature value?).',
    );
    for (const hint of bodyHints(body)) io.err(hint);
    return 1;
  },
};

import { CliUsageError } from './cli-usage-error.js';
import type { CliCommand } from './command.js';

/**
 * A `node:util` `parseArgs` error (code `ERR_PARSE_ARGS_*`) as a {@link CliUsageError} in the CLI's own
 * words: which option, what is wrong, which options the command has. Node's own messages end in a
 * dangling quote and talk about positionals; option values are never echoed (one may be a secret).
 * Any other error is returned unchanged.
 *
 * @example
 * ```ts
 * try { parseArgs(config); } catch (error) { throw fromParseArgsError(error, signCommand); }
 * ```
 */
export function fromParseArgsError(error: unknown, command: CliCommand): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !code.startsWith('ERR_PARSE_ARGS')) return error;
  const message = error instanceof Error ? error.message : '';
  const option = /'(-{1,2}[A-Za-z0-9][\w-]*)/.exec(message)?.[1];
  const longName = /--[\w-]+/.exec(/'([^']*)'/.exec(message)?.[1] ?? '')?.[0] ?? option ?? 'an option';
  const known = ['--help', ...Object.keys(command.options).map((name) => `--${name}`)].join(', ');
  let text: string;
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    text =
      `Unknown option ${option ?? '(unnamed)'}; ${command.name} takes ${known}. ` +
      'A text that starts with "-" goes after "--", e.g. -- "-1".';
  } else if (/does not take an argument/.test(message)) {
    text = `${longName} takes no value.`;
  } else if (/ambiguous/.test(message)) {
    text = `${longName} needs a value, but the next argument is an option; a value that starts with "-" is written ${longName}=-value.`;
  } else if (/argument missing/.test(message)) {
    text = `${longName} needs a value: ${longName} <value>.`;
  } else {
    text = `Invalid arguments (${code}); ${command.name} takes ${known}.`;
  }
  return new CliUsageError(text, { cause: error });
}

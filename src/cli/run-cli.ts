import { parseArgs } from 'node:util';
import { SDK_VERSION } from '../internal/sdk-version.js';
import type { CliIo } from './cli-io.js';
import { CliUsageError } from './cli-usage-error.js';
import type { CliCommand } from './command.js';
import { devCommand } from './commands/dev.js';
import { inboxCommand } from './commands/inbox.js';
import { sendCommand } from './commands/send.js';
import { signCommand } from './commands/sign.js';
import { triggerCommand } from './commands/trigger.js';
import { verifyCommand } from './commands/verify.js';
import { fromParseArgsError } from './parse-args-error.js';

/**
 * Every subcommand, in the order `--help` lists them.
 *
 * @example
 * ```ts
 * const names = COMMANDS.map((command) => command.name); // ['dev', 'send', 'trigger', 'sign', 'verify', 'inbox']
 * ```
 */
export const COMMANDS: readonly CliCommand[] = [
  devCommand,
  sendCommand,
  triggerCommand,
  signCommand,
  verifyCommand,
  inboxCommand,
];

/**
 * Exit code for bad command-line input (a usage error); 1 is for a failed operation.
 *
 * @example
 * ```ts
 * if ((await runCli(['sign', '--bogus'], io)) === USAGE_EXIT_CODE) console.error('bad flags');
 * ```
 */
export const USAGE_EXIT_CODE = 2;

/**
 * Runs `momotalk-bot` with the given arguments (without `node` and the script path) and resolves with
 * the exit code: 0 success, 1 the operation failed (invalid signature, non-2xx answer), 2 bad input.
 *
 * @example
 * ```ts
 * const code = await runCli(['sign', 'body.json', '--secret', 's3cret'], io);
 * ```
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h') {
    io.out(mainHelp());
    return name === undefined ? USAGE_EXIT_CODE : 0;
  }
  if (name === '--version' || name === '-v') {
    io.out(SDK_VERSION);
    return 0;
  }
  if (name === 'help') {
    const topic = COMMANDS.find((command) => command.name === rest[0]);
    io.out(topic === undefined ? mainHelp() : commandHelp(topic));
    return topic === undefined && rest[0] !== undefined ? USAGE_EXIT_CODE : 0;
  }
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (command === undefined) {
    io.err(`momotalk-bot: unknown command ${JSON.stringify(name)}. Run momotalk-bot --help for the list.`);
    return USAGE_EXIT_CODE;
  }
  try {
    const { values, positionals } = parseCommandArgs(command, rest);
    if (values.help === true) {
      io.out(commandHelp(command));
      return 0;
    }
    return await command.run(values, positionals, io);
  } catch (error) {
    if (error instanceof CliUsageError) {
      io.err(`momotalk-bot ${command.name}: ${error.message}`);
      io.err(`Usage: ${command.usage}  (momotalk-bot ${command.name} --help for more)`);
      return USAGE_EXIT_CODE;
    }
    io.err(`momotalk-bot ${command.name}: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

function parseCommandArgs(command: CliCommand, args: readonly string[]) {
  try {
    return parseArgs({
      args: [...args],
      options: { ...command.options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw fromParseArgsError(error, command);
  }
}

function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((command) => command.name.length));
  return [
    `momotalk-bot ${SDK_VERSION}: build and test MoMoTalk bots locally`,
    '',
    'Usage: momotalk-bot <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`),
    '',
    'Settings come from flags or the SDK environment variables MOMOTALK_BOT_ID, MOMOTALK_BOT_TOKEN,',
    'MOMOTALK_API_BASE_URL and MOMOTALK_WEBHOOK_SECRET.',
    'Run momotalk-bot <command> --help for the options of a command.',
  ].join('\n');
}

function commandHelp(command: CliCommand): string {
  return [`Usage: ${command.usage}`, '', command.summary, '', command.help].join('\n');
}

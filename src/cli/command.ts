import type { ParseArgsConfig } from 'node:util';
import type { CliIo } from './cli-io.js';

/**
 * The parsed flags of a command: strings and booleans by option name.
 *
 * @example
 * ```ts
 * const values: CliValues = { room: '123', help: false };
 * ```
 */
export type CliValues = Readonly<Record<string, string | boolean | undefined>>;

/**
 * One `momotalk-bot` subcommand: its help text, its options (for `node:util` `parseArgs`) and what it
 * does. `run` resolves with the exit code.
 *
 * @example
 * ```ts
 * const hello: CliCommand = {
 *   name: 'hello', summary: 'Says hello', usage: 'momotalk-bot hello', help: '', options: {},
 *   run: async (_values, _positionals, io) => { io.out('hello'); return 0; },
 * };
 * ```
 */
export interface CliCommand {
  /** The subcommand, e.g. `"send"`. */
  readonly name: string;
  /** One line for the command list. */
  readonly summary: string;
  /** The synopsis, e.g. `momotalk-bot send --room <id> <text>`. */
  readonly usage: string;
  /** Options and examples, printed by `--help`. */
  readonly help: string;
  /** The `parseArgs` options (`--help` is added for every command). */
  readonly options: NonNullable<ParseArgsConfig['options']>;
  /** Runs the command; resolves with the process exit code. */
  run(values: CliValues, positionals: readonly string[], io: CliIo): Promise<number>;
}

import { MoMoTalkError } from '../errors/momotalk-error.js';

/**
 * Bad command-line input (unknown option, missing value, wrong type): printed with the command's usage
 * and exit code 2.
 *
 * @example
 * ```ts
 * throw new CliUsageError('--room must be a positive integer (got "abc").');
 * ```
 */
export class CliUsageError extends MoMoTalkError {
  override name = 'CliUsageError';
}

import { readEnv } from '../internal/read-env.js';
import { refusalHint } from '../internal/refusal-hints.js';
import { type Logger, log } from '../telemetry/logger.js';
import type { DeliveryRejectionInfo } from './receiver-options.js';

/** At most one line per refusal code in this window. */
const WINDOW_MS = 60_000;

/**
 * @internal The `onRejected` used when none is given: outside production (`NODE_ENV !== 'production'`,
 * read safely so edge runtimes without `process` count as development) a line naming the check that
 * failed and its usual fix, to `logger.warn` (fields `status`, `code`, `hint`, `heldBack`) or else
 * `console.warn`; in production, `logger.debug` when there is a logger, else nothing. At most one line per
 * refusal code a minute, saying how many were held back since: Workers, Lambda and many servers never set
 * `NODE_ENV`, and forged requests cost an attacker nothing, so the log must not be a way to flood anyone's
 * logs. The line holds the status and the fixed error code only: never a header, a signature or a secret.
 *
 * @example
 * ```ts fragment
 * const onRejected = options.onRejected ?? developmentRefusalLog(options.logger);
 * ```
 */
export function developmentRefusalLog(
  logger?: Logger | undefined,
): ((rejection: DeliveryRejectionInfo) => void) | undefined {
  const production = readEnv('NODE_ENV') === 'production';
  if (production && logger === undefined) return undefined;
  const lastLogged = new Map<string, { at: number; heldBack: number }>();
  return ({ status, error }) => {
    const now = Date.now();
    const last = lastLogged.get(error);
    if (last !== undefined && now - last.at < WINDOW_MS) {
      last.heldBack++;
      return;
    }
    const heldBack = last?.heldBack ?? 0;
    const more = heldBack === 0 ? '' : ` (${heldBack} more since the last line)`;
    // Bounded by the number of codes the pipeline answers with, which is fixed.
    lastLogged.set(error, { at: now, heldBack: 0 });
    const hint = refusalHint(error);
    const line = `[momotalk-bot-sdk] webhook refused: ${status} ${error}${hint === undefined ? '' : `: ${hint}`}${more} (at most one line a minute per code; onRejected or NODE_ENV=production silences this)`;
    if (logger === undefined) console.warn(line);
    else log(logger, production ? 'debug' : 'warn', { status, code: error, hint, heldBack }, line);
  };
}

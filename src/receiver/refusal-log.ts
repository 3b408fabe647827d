import { readEnv } from '../internal/read-env.js';
import { refusalHint } from '../internal/refusal-hints.js';
import type { DeliveryRejectionInfo } from './receiver-options.js';

/** At most one line per refusal code in this window. */
const WINDOW_MS = 60_000;

/**
 * @internal The `onRejected` used when none is given: outside production (`NODE_ENV !== 'production'`,
 * read safely so edge runtimes without `process` count as development) a `console.warn` line naming the
 * check that failed and its usual fix; in production, nothing. At most one line per refusal code a minute,
 * saying how many were held back since: Workers, Lambda and many servers never set `NODE_ENV`, and forged
 * requests cost an attacker nothing, so the log must not be a way to flood anyone's logs. The line holds
 * the status and the fixed error code only: never a header, a signature or a secret.
 *
 * @example
 * ```ts fragment
 * const onRejected = options.onRejected ?? developmentRefusalLog();
 * ```
 */
export function developmentRefusalLog(): ((rejection: DeliveryRejectionInfo) => void) | undefined {
  if (readEnv('NODE_ENV') === 'production') return undefined;
  const lastLogged = new Map<string, { at: number; heldBack: number }>();
  return ({ status, error }) => {
    const now = Date.now();
    const last = lastLogged.get(error);
    if (last !== undefined && now - last.at < WINDOW_MS) {
      last.heldBack++;
      return;
    }
    const more =
      last === undefined || last.heldBack === 0 ? '' : ` (${last.heldBack} more since the last line)`;
    // Bounded by the number of codes the pipeline answers with, which is fixed.
    lastLogged.set(error, { at: now, heldBack: 0 });
    const hint = refusalHint(error);
    console.warn(
      `[momotalk-bot-sdk] webhook refused: ${status} ${error}${hint === undefined ? '' : `: ${hint}`}${more} (at most one line a minute per code; onRejected or NODE_ENV=production silences this)`,
    );
  };
}

import { readEnv } from '../internal/read-env.js';
import { refusalHint } from '../internal/refusal-hints.js';
import type { DeliveryRejectionInfo } from './receiver-options.js';

/**
 * @internal The `onRejected` used when none is given: outside production (`NODE_ENV !== 'production'`,
 * read safely so edge runtimes without `process` count as development) one `console.warn` line per
 * refused delivery, with the check that failed and its usual fix; in production, nothing. The line holds
 * the status and the fixed error code only: never a header, a signature or a secret.
 *
 * @example
 * ```ts fragment
 * const onRejected = options.onRejected ?? developmentRefusalLog();
 * ```
 */
export function developmentRefusalLog(): ((rejection: DeliveryRejectionInfo) => void) | undefined {
  if (readEnv('NODE_ENV') === 'production') return undefined;
  return ({ status, error }) => {
    const hint = refusalHint(error);
    console.warn(
      `[momotalk-bot-sdk] webhook refused: ${status} ${error}${hint === undefined ? '' : `: ${hint}`} (onRejected or NODE_ENV=production silences this)`,
    );
  };
}

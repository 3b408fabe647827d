import { isSdkErrorNamed } from './momotalk-error.js';
import { MoMoTalkRequestError } from './request-error.js';

/**
 * What a {@link MoMoTalkTimeoutError} is built from: for test doubles of the client.
 *
 * @example
 * ```ts
 * import { MoMoTalkTimeoutError } from 'momotalk-bot-sdk';
 *
 * const error = new MoMoTalkTimeoutError({ method: 'POST', path: '/bots/bot_1/messages', timeout: 10_000, kind: 'attempt' });
 * ```
 */
export interface MoMoTalkTimeoutErrorInit {
  /** Request method, e.g. `POST`. */
  readonly method: string;
  /** Request path below the base URL, e.g. `/bots/bot_1/messages`. */
  readonly path: string;
  /** The limit that ran out, in milliseconds. */
  readonly timeout: number;
  /** `attempt` when one attempt ran over `timeout`; `total` when all attempts ran over `totalTimeout`. */
  readonly kind: 'attempt' | 'total';
}

/**
 * The Bot API did not answer in time. A timed-out POST may still have been processed, so it is never
 * retried by default (`retry.unsafe` opts in).
 *
 * @example
 * ```ts
 * import { isMoMoTalkTimeoutError } from 'momotalk-bot-sdk';
 *
 * if (isMoMoTalkTimeoutError(error)) console.warn(`no answer within ${error.timeout} ms`);
 * ```
 */
export class MoMoTalkTimeoutError extends MoMoTalkRequestError {
  /** Always `'MoMoTalkTimeoutError'`, in every copy of the package (what the `is…Error` guards check). */
  override name = 'MoMoTalkTimeoutError';
  /** The limit that ran out, in milliseconds. */
  readonly timeout: number;
  /** Which limit ran out: one attempt's `timeout`, or the `totalTimeout` across retries. */
  readonly kind: 'attempt' | 'total';

  constructor(init: MoMoTalkTimeoutErrorInit) {
    const option = init.kind === 'attempt' ? 'timeout' : 'totalTimeout';
    super(`Request timed out after ${init.timeout} ms (${option}): ${init.method} ${init.path}`, init);
    this.timeout = init.timeout;
    this.kind = init.kind;
  }

  /** A plain summary for structured logs. */
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), timeout: this.timeout, kind: this.kind };
  }
}

/**
 * True for a {@link MoMoTalkTimeoutError} from any copy of this package.
 *
 * @example
 * ```ts
 * if (isMoMoTalkTimeoutError(error)) metrics.increment('momotalk.timeout');
 * ```
 */
export function isMoMoTalkTimeoutError(value: unknown): value is MoMoTalkTimeoutError {
  return isSdkErrorNamed(value, 'MoMoTalkTimeoutError');
}

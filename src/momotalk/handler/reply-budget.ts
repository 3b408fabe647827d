import type { RequestOptions } from '../../client/client-options.js';
import { MoMoTalkTimeoutError } from '../../errors/timeout-error.js';

/**
 * @internal The reply budget (`replyTimeout`) of one event's sends: each send gets what is left of it as
 * its `totalTimeout` (or less, if the call's own is shorter); once it is spent, the error to reject with,
 * and nothing is sent. Shared by the handler's `ctx` and the bot layer's `Context`.
 */
export class ReplyBudget {
  /** `performance.now()` past which no reply is sent. */
  readonly #deadline: number;
  readonly #timeout: number;

  constructor(timeout: number) {
    this.#timeout = timeout;
    this.#deadline = performance.now() + timeout;
  }

  /** `options` with the budget's remainder as `totalTimeout`; the error once the budget is spent. */
  apply(
    options: RequestOptions | undefined,
    botId: string | undefined,
  ): RequestOptions | MoMoTalkTimeoutError {
    const left = Math.floor(this.#deadline - performance.now());
    if (left < 1) {
      const path = `/bots/${encodeURIComponent(botId ?? '')}/messages`;
      return new MoMoTalkTimeoutError({ method: 'POST', path, timeout: this.#timeout, kind: 'total' });
    }
    const own = options?.totalTimeout;
    return { ...options, totalTimeout: own === undefined ? left : Math.min(own, left) };
  }
}

/**
 * @internal Checks a `replyTimeout` option.
 * @throws {TypeError} When it is not a number of milliseconds between 1 and 2147483647.
 */
export function checkReplyTimeout(
  value: number | undefined,
  caller = 'createWebhookHandler',
): number | undefined {
  if (value !== undefined && !(Number.isFinite(value) && value >= 1 && value <= 2_147_483_647)) {
    throw new TypeError(
      `[momotalk-bot-sdk] ${caller}: replyTimeout must be a number of milliseconds between 1 and 2147483647, got ${value}.`,
    );
  }
  return value;
}

import type { RequestOptions } from '../../client/client-options.js';
import { MoMoTalkTimeoutError } from '../../errors/timeout-error.js';

/**
 * @internal The reply budget (`replyTimeout`) of one event's sends: `options` with what is left before
 * `deadline` (a `performance.now()` time) as its `totalTimeout` (or less, if the call's own is shorter);
 * once it is spent, the error to reject with, and nothing is sent. Shared by the handler's `ctx` and the
 * bot layer's `Context`.
 */
export function budgeted(
  options: RequestOptions | undefined,
  deadline: number,
  timeout: number,
  botId: string | undefined,
): RequestOptions | MoMoTalkTimeoutError {
  const left = Math.floor(deadline - performance.now());
  if (left < 1) {
    const path = `/bots/${encodeURIComponent(botId ?? '')}/messages`;
    return new MoMoTalkTimeoutError({ method: 'POST', path, timeout, kind: 'total' });
  }
  const own = options?.totalTimeout;
  return { ...options, totalTimeout: own === undefined ? left : Math.min(own, left) };
}

/**
 * @internal Checks a `replyTimeout` option.
 * @throws {TypeError} When it is not a number of milliseconds between 1 and 2147483647.
 */
export function checkReplyTimeout(value: number | undefined, caller: string): number | undefined {
  if (value !== undefined && !(Number.isFinite(value) && value >= 1 && value <= 2_147_483_647)) {
    throw new TypeError(
      `[momotalk-bot-sdk] ${caller}: replyTimeout must be a number of milliseconds between 1 and 2147483647, got ${value}.`,
    );
  }
  return value;
}

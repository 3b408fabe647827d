/**
 * The fake clock of a test bot: your test runner's fake timers, which also stand in for every wait of the
 * bot's `BotClient` (ky waits for `Retry-After` and times attempts out with `setTimeout`). With it,
 * `says()` moves the fake time to the next timer whenever the bot is waiting, until the update is handled:
 * a 429 with `Retry-After: 2` takes no real time, and a hang ends with the client's timeout at once.
 *
 * vitest's `vi` and Jest's `jest` fit as they are, once their fake timers are installed
 * (`vi.useFakeTimers()`); for `@sinonjs/fake-timers`, pass
 * `{ advanceTimersToNextTimerAsync: () => clock.nextAsync() }`.
 *
 * Time jumps only while the bot waits: a bot that also waits for real I/O (a database over the network)
 * sees its timers fire early, so leave the clock out for such a test.
 *
 * @example
 * ```ts
 * import { vi } from 'vitest';
 *
 * vi.useFakeTimers();
 * const chat = createTestBot(bot, { clock: vi });
 * ```
 */
export interface TestBotClock {
  /** Moves the fake time to the next timer, runs it, and lets the promises it settles run. */
  advanceTimersToNextTimerAsync(): Promise<unknown>;
}

/**
 * @internal Awaits `work`, moving the fake time to the next timer while it is pending. `advance` yields to
 * the real event loop first (the fake timers keep the real `setTimeout` for that), so answers that are
 * already on their way arrive before time moves.
 */
export async function settleWithClock<T>(work: Promise<T>, clock: TestBotClock | undefined): Promise<T> {
  if (clock === undefined) return work;
  let pending = true;
  const settled = work.finally(() => {
    pending = false;
  });
  // Observed below; a rejection must not be reported as unhandled while the loop runs.
  settled.catch(() => undefined);
  while (pending) await clock.advanceTimersToNextTimerAsync();
  return settled;
}

/**
 * @internal The receiver's work still running, in two sets so a server can wait for all of it on shutdown:
 *
 * - deliveries in flight: every `handleDelivery` call not answered yet (reading the body, looking up a
 *   secret, parsing, or running the handlers before answering in `after-processing` mode);
 * - background tasks: work that continues after a `before-processing` answer was sent. Only these count
 *   towards `maxPendingTasks` and `pendingTasks`.
 *
 * Tracked promises never reject (the pipeline reports failures through `onError` before they get here);
 * a rejection is tolerated all the same.
 */
export class BackgroundTasks {
  readonly #pending = new Set<Promise<void>>();
  readonly #inFlight = new Set<Promise<void>>();
  #closed = false;

  /** How many background tasks are still running (deliveries in flight are not counted). */
  get size(): number {
    return this.#pending.size;
  }

  /** True once {@link BackgroundTasks.close} was called. */
  get closed(): boolean {
    return this.#closed;
  }

  /** Tracks a background task until it settles. */
  track(task: Promise<void>): void {
    trackIn(this.#pending, task);
  }

  /** Tracks a delivery being handled until it is answered; returns `handling` itself. */
  trackDelivery<T>(handling: Promise<T>): Promise<T> {
    trackIn(this.#inFlight, handling);
    return handling;
  }

  /**
   * Resolves when every delivery in flight and every background task, including ones started while
   * waiting, has settled. A delivery in flight adds its background task before it is answered, so the
   * loop sees it.
   */
  async drain(): Promise<void> {
    while (this.#inFlight.size > 0 || this.#pending.size > 0) {
      await Promise.allSettled([...this.#inFlight, ...this.#pending]);
    }
  }

  /** Refuses new work from now on, then drains. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.drain();
  }
}

function trackIn(set: Set<Promise<void>>, work: Promise<unknown>): void {
  const remove = () => {
    set.delete(tracked);
  };
  const tracked: Promise<void> = work.then(remove, remove);
  set.add(tracked);
}

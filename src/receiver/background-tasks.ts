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
  #inFlight = 0;
  #idle: (() => void) | undefined;
  #idlePromise: Promise<void> | undefined;
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

  /**
   * Counts a delivery as in flight until {@link BackgroundTasks.deliveryAnswered}, so `drain()` waits for it.
   * A counter rather than a set of promises: this runs on every delivery.
   */
  deliveryStarted(): void {
    this.#inFlight++;
  }

  /** The delivery counted by `deliveryStarted` was answered; wakes `drain()` when none is left. */
  deliveryAnswered(): void {
    if (--this.#inFlight === 0 && this.#idle !== undefined) {
      const idle = this.#idle;
      this.#idle = undefined;
      this.#idlePromise = undefined;
      idle();
    }
  }

  #whenIdle(): Promise<void> {
    if (this.#inFlight === 0) return Promise.resolve();
    this.#idlePromise ??= new Promise<void>((resolve) => {
      this.#idle = resolve;
    });
    return this.#idlePromise;
  }

  /**
   * Resolves when every delivery in flight and every background task, including ones started while
   * waiting, has settled. A delivery in flight adds its background task before it is answered, so the
   * loop sees it.
   */
  async drain(): Promise<void> {
    while (this.#inFlight > 0 || this.#pending.size > 0) {
      await Promise.allSettled([this.#whenIdle(), ...this.#pending]);
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

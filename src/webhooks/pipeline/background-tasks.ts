/**
 * @internal The in-process background mode: work that continues after the response was sent, tracked so
 * a server can wait for it on shutdown. Tasks never reject (the pipeline reports failures through
 * `onError` before they get here).
 */
export class BackgroundTasks {
  readonly #pending = new Set<Promise<void>>();
  #closed = false;

  /** How many tasks are still running. */
  get size(): number {
    return this.#pending.size;
  }

  /** True once {@link BackgroundTasks.close} was called. */
  get closed(): boolean {
    return this.#closed;
  }

  /** Tracks `task` until it settles. */
  track(task: Promise<void>): void {
    const tracked = task.then(
      () => {
        this.#pending.delete(tracked);
      },
      () => {
        this.#pending.delete(tracked);
      },
    );
    this.#pending.add(tracked);
  }

  /** Resolves when every task, including ones started while waiting, has settled. */
  async drain(): Promise<void> {
    while (this.#pending.size > 0) await Promise.allSettled([...this.#pending]);
  }

  /** Refuses new work from now on, then drains. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.drain();
  }
}

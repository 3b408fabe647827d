/**
 * Runs tasks one after another per key (a room), so concurrent sends to one room arrive in call order.
 * Different keys run in parallel; a failed task does not stop the ones queued behind it.
 */
export class RoomQueue {
  readonly #tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key);
    const current = previous === undefined ? task() : previous.then(task, task);
    const tail = current.catch(() => undefined);
    this.#tails.set(key, tail);
    void tail.then(() => {
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    });
    return current;
  }

  /** Keys with queued or running work (for tests). */
  get size(): number {
    return this.#tails.size;
  }
}

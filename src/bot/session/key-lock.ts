/**
 * @internal One queue per key: `acquire(key)` resolves once every earlier holder of that key has called
 * its release. Updates of one session in one process therefore run their read-modify-write one after
 * another and never conflict with each other; only other processes can. Shared by every `session()`
 * middleware on the same storage (see `lockFor`), so two bots in one process over one storage queue too.
 */
export class KeyLock {
  /** Key → the promise the next holder waits for; deleted when the last holder releases. */
  readonly #tails = new Map<string, Promise<void>>();

  /** Takes `key` at once when nobody holds it (no promise, the common case), else `undefined`. */
  tryAcquire(key: string): (() => void) | undefined {
    if (this.#tails.has(key)) return undefined;
    return this.#hold(key, undefined);
  }

  /** Takes `key` once every earlier holder has released it. */
  async acquire(key: string): Promise<() => void> {
    const previous = this.#tails.get(key);
    const release = this.#hold(key, previous);
    if (previous !== undefined) await previous;
    return release;
  }

  #hold(key: string, previous: Promise<void> | undefined): () => void {
    let open!: () => void;
    const done = new Promise<void>((resolve) => {
      open = resolve;
    });
    const tail = previous === undefined ? done : previous.then(() => done);
    this.#tails.set(key, tail);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      open();
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    };
  }
}

/** Created on first use, so a bundle that never uses sessions carries no module-level work. */
let locks: WeakMap<object, KeyLock> | undefined;

/** @internal The lock of one storage object, created on first use. */
export function lockFor(storage: object): KeyLock {
  locks ??= new WeakMap();
  let lock = locks.get(storage);
  if (lock === undefined) {
    lock = new KeyLock();
    locks.set(storage, lock);
  }
  return lock;
}

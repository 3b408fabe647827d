/** The abort reason of a body read that ran past its deadline. */
export const BODY_TIMEOUT: Error = new Error('The request body did not arrive within bodyTimeoutMs.');

interface BodyRead {
  readonly controller: AbortController;
  readonly deadline: number;
  /** Rejects the read's promise at once, whatever the port does with the signal. */
  readonly fail: (reason: unknown) => void;
}

/**
 * @internal The body reads in flight of one receiver: how many (the `maxConcurrentReads` bound), each one's
 * deadline, and a way to abandon them all (`close()`). One interval timer sweeps the deadlines while reads
 * are in flight, instead of a timer and an abort listener per delivery: the common read finishes within
 * a tick, and the hot path pays one AbortController and one Set entry. A read is abandoned between
 * `timeoutMs` and `timeoutMs` plus one sweep period (at most a second) after it started.
 *
 * @example
 * ```ts fragment
 * const reads = new BodyReads(10_000);
 * const { body, signal } = reads.start((signal) => delivery.readBody(maxBytes, signal));
 * ```
 */
export class BodyReads {
  readonly #inFlight = new Set<BodyRead>();
  readonly #timeoutMs: number;
  readonly #sweepMs: number;
  #sweeper: ReturnType<typeof setInterval> | undefined;

  constructor(timeoutMs: number) {
    this.#timeoutMs = timeoutMs;
    this.#sweepMs = Math.min(1000, timeoutMs);
  }

  /** How many reads are in flight. */
  get size(): number {
    return this.#inFlight.size;
  }

  /**
   * Starts a read. `body` settles with the read, or rejects with the signal's reason as soon as the read is
   * abandoned (deadline: {@link BODY_TIMEOUT}; `abortAll`: its reason), even if the port ignores `signal`.
   * Call `finish` once `body` settled: the read then stops counting.
   */
  start(read: (signal: AbortSignal) => Promise<Uint8Array>): {
    body: Promise<Uint8Array>;
    signal: AbortSignal;
    finish: () => void;
  } {
    const controller = new AbortController();
    let entry!: BodyRead;
    const body = new Promise<Uint8Array>((resolve, reject) => {
      entry = { controller, deadline: performance.now() + this.#timeoutMs, fail: reject };
      read(controller.signal).then(resolve, reject);
    });
    this.#inFlight.add(entry);
    if (this.#sweeper === undefined) {
      this.#sweeper = setInterval(() => this.#sweep(), this.#sweepMs);
      // A timer of its own must never keep a process alive that is otherwise done.
      (this.#sweeper as { unref?: () => void }).unref?.();
    }
    return { body, signal: controller.signal, finish: () => this.#inFlight.delete(entry) };
  }

  /** Abandons every read in flight with `reason`. */
  abortAll(reason: unknown): void {
    for (const entry of this.#inFlight) abandon(entry, reason);
  }

  #sweep(): void {
    const now = performance.now();
    for (const entry of this.#inFlight) if (entry.deadline <= now) abandon(entry, BODY_TIMEOUT);
    if (this.#inFlight.size === 0) {
      clearInterval(this.#sweeper);
      this.#sweeper = undefined;
    }
  }
}

function abandon(entry: BodyRead, reason: unknown): void {
  entry.controller.abort(reason);
  entry.fail(reason);
}

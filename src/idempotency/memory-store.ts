import {
  type ClaimOptions,
  type ClaimResult,
  type CompleteOptions,
  type IdempotencyStore,
  newClaimToken,
} from './idempotency-store.js';

/**
 * Options of {@link MemoryIdempotencyStore}.
 *
 * @example
 * ```ts
 * new MemoryIdempotencyStore({ maxEntries: 50_000 });
 * ```
 */
export interface MemoryIdempotencyStoreOptions {
  /**
   * The most keys kept at once. When full, the least recently touched key is forgotten first, so memory
   * never grows past this bound whatever the load; choose it above the number of deliveries you expect
   * within the dedupe window.
   * @default 10000
   */
  readonly maxEntries?: number;
  /**
   * The clock, in milliseconds. For tests.
   * @default Date.now
   */
  readonly now?: () => number;
}

interface Entry {
  readonly token: string;
  readonly done: boolean;
  readonly expiresAt: number;
}

/** How many of the oldest entries each write checks for expiry (amortised clean-up, O(1) per call). */
const SWEEP_PER_WRITE = 2;

/**
 * The default {@link IdempotencyStore}: a `Map` in this process, bounded by size and by TTL.
 *
 * Bounded by construction: every write first drops expired entries from the old end and then, if the map
 * is full, forgets the least recently touched key, so it never holds more than `maxEntries` keys.
 * It deduplicates within one process only; behind a load balancer use `RedisIdempotencyStore` from
 * `momotalk-bot-sdk/redis`.
 *
 * @example
 * ```ts
 * import { createWebhookHandler, MemoryIdempotencyStore } from 'momotalk-bot-sdk';
 *
 * const handler = createWebhookHandler({
 *   secret: process.env.MOMOTALK_WEBHOOK_SECRET!,
 *   dedupe: { store: new MemoryIdempotencyStore({ maxEntries: 50_000 }) },
 * });
 * ```
 */
export class MemoryIdempotencyStore implements IdempotencyStore {
  readonly #entries = new Map<string, Entry>();
  readonly #maxEntries: number;
  readonly #now: () => number;

  /**
   * @param options - Size bound and clock.
   * @throws {TypeError} When `maxEntries` is not a positive integer.
   */
  constructor(options: MemoryIdempotencyStoreOptions = {}) {
    const maxEntries = options.maxEntries ?? 10_000;
    if (!Number.isSafeInteger(maxEntries) || maxEntries < 1) {
      throw new TypeError(
        `[momotalk-bot-sdk] MemoryIdempotencyStore: maxEntries must be a positive integer (got ${String(maxEntries)}).`,
      );
    }
    this.#maxEntries = maxEntries;
    this.#now = options.now ?? Date.now;
  }

  /** The number of keys held now (never more than `maxEntries`). */
  get size(): number {
    return this.#entries.size;
  }

  /** {@inheritDoc IdempotencyStore.claim} */
  async claim(key: string, options: ClaimOptions): Promise<ClaimResult> {
    const now = this.#now();
    const existing = this.#entries.get(key);
    if (existing !== undefined && existing.expiresAt > now) {
      return existing.done ? { status: 'done' } : { status: 'in_progress' };
    }
    const token = newClaimToken();
    this.#write(key, { token, done: false, expiresAt: now + options.claimTtlMs }, now);
    return { status: 'claimed', token };
  }

  /** {@inheritDoc IdempotencyStore.complete} */
  async complete(key: string, token: string, options: CompleteOptions): Promise<void> {
    if (this.#entries.get(key)?.token !== token) return;
    const now = this.#now();
    this.#write(key, { token, done: true, expiresAt: now + options.ttlMs }, now);
  }

  /** {@inheritDoc IdempotencyStore.release} */
  async release(key: string, token: string): Promise<void> {
    if (this.#entries.get(key)?.token === token) this.#entries.delete(key);
  }

  /** Inserts at the young end (Map order = least recently written first), keeping the bound. */
  #write(key: string, entry: Entry, now: number): void {
    this.#entries.delete(key);
    let swept = 0;
    for (const [oldKey, old] of this.#entries) {
      if (swept >= SWEEP_PER_WRITE || old.expiresAt > now) break;
      this.#entries.delete(oldKey);
      swept += 1;
    }
    while (this.#entries.size >= this.#maxEntries) {
      const oldest = this.#entries.keys().next();
      if (oldest.done === true) break;
      this.#entries.delete(oldest.value);
    }
    this.#entries.set(key, entry);
  }
}

import type { ClaimOptions, ClaimResult, CompleteOptions, IdempotencyStore } from './idempotency-store.js';

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
   * The most keys kept at once: memory never grows past this bound, whatever the load. The oldest half is
   * forgotten at once when the bound is reached, so choose it above twice the number of deliveries you
   * expect within the dedupe window.
   * @default 10000
   */
  readonly maxEntries?: number;
  /**
   * The clock, in milliseconds. For tests.
   * @default Date.now
   */
  readonly now?: () => number;
}

const DONE: ClaimResult = { status: 'done' };
const IN_PROGRESS: ClaimResult = { status: 'in_progress' };

interface Entry {
  readonly token: string;
  done: boolean;
  expiresAt: number;
}

/**
 * The default {@link IdempotencyStore}: two `Map` generations in this process, bounded by size and by TTL.
 *
 * Bounded by construction, with O(1) work per call: keys are written to the young generation; when it
 * holds `maxEntries / 2` keys it becomes the old one and the previous old generation is dropped whole. So it
 * never holds more than `maxEntries` keys (expired ones included, until their generation goes), and always
 * remembers at least the `maxEntries / 2` most recently written. Expiry is checked on every read.
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
  #young = new Map<string, Entry>();
  #old = new Map<string, Entry>();
  readonly #generationSize: number;
  readonly #now: () => number;
  #lastToken = 0;

  /**
   * @param options - Size bound and clock.
   * @throws {TypeError} When `maxEntries` is not an integer of at least 2.
   */
  constructor(options: MemoryIdempotencyStoreOptions = {}) {
    const maxEntries = options.maxEntries ?? 10_000;
    if (!Number.isSafeInteger(maxEntries) || maxEntries < 2) {
      throw new TypeError(
        `[momotalk-bot-sdk] MemoryIdempotencyStore: maxEntries must be an integer of at least 2 (got ${String(maxEntries)}).`,
      );
    }
    this.#generationSize = Math.floor(maxEntries / 2);
    this.#now = options.now ?? Date.now;
  }

  /** The number of keys held now, expired ones included (never more than `maxEntries`). */
  get size(): number {
    return this.#young.size + this.#old.size;
  }

  /** {@inheritDoc IdempotencyStore.claim} */
  async claim(key: string, options: ClaimOptions): Promise<ClaimResult> {
    const now = this.#now();
    const existing = this.#get(key);
    if (existing !== undefined && existing.expiresAt > now) {
      return existing.done ? DONE : IN_PROGRESS;
    }
    // Tokens never leave this process, so a counter is as good as a random UUID here, and cheaper.
    const token = String(++this.#lastToken);
    this.#set(key, { token, done: false, expiresAt: now + options.claimTtlMs });
    return { status: 'claimed', token };
  }

  /** {@inheritDoc IdempotencyStore.complete} */
  async complete(key: string, token: string, options: CompleteOptions): Promise<void> {
    const entry = this.#get(key);
    if (entry?.token !== token) return;
    // Updated in place (no new entry, no second write in the common case).
    entry.done = true;
    entry.expiresAt = this.#now() + options.ttlMs;
    // A claim that outlived its generation moves to the young one, so the completed key is kept.
    if (!this.#young.has(key)) this.#set(key, entry);
  }

  /** {@inheritDoc IdempotencyStore.release} */
  async release(key: string, token: string): Promise<void> {
    if (this.#get(key)?.token !== token) return;
    this.#young.delete(key);
    this.#old.delete(key);
  }

  #get(key: string): Entry | undefined {
    return this.#young.get(key) ?? this.#old.get(key);
  }

  #set(key: string, entry: Entry): void {
    if (this.#old.size > 0) this.#old.delete(key);
    if (!this.#young.has(key) && this.#young.size >= this.#generationSize) {
      this.#old = this.#young;
      this.#young = new Map();
    }
    this.#young.set(key, entry);
  }
}

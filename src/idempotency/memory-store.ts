import { MoMoTalkError } from '../errors/momotalk-error.js';
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
   * How many processed keys are remembered: the most recently processed ones, each until its `ttlMs`
   * (24 h by default) runs out. A redelivery of an event older than the last `maxEntries` processed runs
   * again, so choose it above the number of events you expect within the dedupe window.
   * @default 10000
   */
  readonly maxEntries?: number;
  /**
   * How many claims may be in progress at once. A claim in progress is never dropped to make room (that
   * would let a redelivery run beside the slow first run); past this bound, after expired claims are
   * reclaimed, `claim` rejects, which the receivers answer 503 `idempotency_unavailable`.
   * @default 10000
   */
  readonly maxClaims?: number;
  /**
   * The clock, in milliseconds. For tests.
   * @default Date.now
   */
  readonly now?: () => number;
}

const DONE: ClaimResult = { status: 'done' };
const IN_PROGRESS: ClaimResult = { status: 'in_progress' };

interface Claim {
  readonly token: string;
  readonly expiresAt: number;
}

/**
 * The default {@link IdempotencyStore}: two `Map`s in the memory of this process, both bounded, with
 * amortised O(1) work per call (while `maxClaims` claims are in progress, a claim also sweeps them for
 * expired ones, at most once a second, before it is refused).
 *
 * What it remembers: the `maxEntries` (10,000) most recently processed keys, each for the handler's
 * `ttlMs` (24 h), whichever runs out first; and every claim in progress until it is completed, released or
 * its `claimTtlMs` (60 s) passes, never evicted early. Nothing survives a restart, and it deduplicates
 * within one process only: behind a load balancer, or to remember across deploys, use
 * `RedisIdempotencyStore` from `momotalk-bot-sdk/redis`.
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
  /**
   * Processed keys → their slot in the ring below. A ring of the last `maxEntries` completions (not the
   * Map's own order) decides what is forgotten: deleting a Map's oldest entry again and again makes V8
   * skip ever more holes to find the next one.
   */
  readonly #done = new Map<string, number>();
  /** Slot % maxEntries → the key completed in that slot, and until when it counts as done. */
  readonly #ringKeys: string[] = [];
  readonly #ringUntil: number[] = [];
  #nextSlot = 0;
  /** Claims in progress, in the order they were taken. */
  readonly #claims = new Map<string, Claim>();
  readonly #maxEntries: number;
  readonly #maxClaims: number;
  readonly #now: () => number;
  #lastToken = 0;
  #lastSweep = Number.NEGATIVE_INFINITY;

  /**
   * @param options - Size bounds and clock.
   * @throws {TypeError} When `maxEntries` or `maxClaims` is not a positive integer.
   */
  constructor(options: MemoryIdempotencyStoreOptions = {}) {
    this.#maxEntries = positiveInteger(options.maxEntries ?? 10_000, 'maxEntries');
    this.#maxClaims = positiveInteger(options.maxClaims ?? 10_000, 'maxClaims');
    this.#now = options.now ?? Date.now;
  }

  /** The number of keys held now, processed and in progress (never more than `maxEntries + maxClaims`). */
  get size(): number {
    return this.#done.size + this.#claims.size;
  }

  /**
   * {@inheritDoc IdempotencyStore.claim}
   * @throws {MoMoTalkError} When `maxClaims` live claims are in progress already.
   */
  async claim(key: string, options: ClaimOptions): Promise<ClaimResult> {
    const now = this.#now();
    const slot = this.#done.get(key);
    if (slot !== undefined) {
      if ((this.#ringUntil[slot % this.#maxEntries] as number) > now) return DONE;
      this.#done.delete(key);
    }
    const held = this.#claims.get(key);
    if (held !== undefined) {
      if (held.expiresAt > now) return IN_PROGRESS;
      this.#claims.delete(key); // expired: its worker died or outlived claimTtlMs, so it is taken over
    } else if (this.#claims.size >= this.#maxClaims) {
      // Full of claims in progress: sweep for expired ones at most once a second, so a flood of refused
      // claims costs O(1) each, not O(maxClaims).
      if (now - this.#lastSweep >= 1000) {
        this.#lastSweep = now;
        this.#reclaimExpired(now);
      }
      if (this.#claims.size >= this.#maxClaims) {
        throw new MoMoTalkError(
          `MemoryIdempotencyStore: ${this.#maxClaims} claims are in progress (maxClaims); a claim in progress ` +
            'is never dropped, so this delivery is refused until some finish.',
        );
      }
    }
    // Tokens never leave this process, so a counter is as good as a random UUID here, and cheaper.
    const token = String(++this.#lastToken);
    this.#claims.set(key, { token, expiresAt: now + options.claimTtlMs });
    return { status: 'claimed', token };
  }

  /** {@inheritDoc IdempotencyStore.complete} */
  async complete(key: string, token: string, options: CompleteOptions): Promise<void> {
    if (this.#claims.get(key)?.token !== token) return;
    this.#claims.delete(key);
    const now = this.#now();
    // The slot taken now was last used maxEntries completions ago: its key is forgotten, unless that key
    // was completed again since (then the Map points at its newer slot). An expired key may stay until
    // its slot comes round: `claim` treats it as absent.
    const slot = this.#nextSlot++;
    const index = slot % this.#maxEntries;
    const oldest = this.#ringKeys[index];
    if (oldest !== undefined && this.#done.get(oldest) === slot - this.#maxEntries) this.#done.delete(oldest);
    this.#ringKeys[index] = key;
    this.#ringUntil[index] = now + options.ttlMs;
    this.#done.set(key, slot);
  }

  /** {@inheritDoc IdempotencyStore.release} */
  async release(key: string, token: string): Promise<void> {
    if (this.#claims.get(key)?.token === token) this.#claims.delete(key);
  }

  #reclaimExpired(now: number): void {
    for (const [key, claim] of this.#claims) {
      if (claim.expiresAt <= now) this.#claims.delete(key);
    }
  }
}

function positiveInteger(value: number, name: string): number {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new TypeError(
      `[momotalk-bot-sdk] MemoryIdempotencyStore: ${name} must be a positive integer (got ${String(value)}).`,
    );
  }
  return value;
}

import type { IdempotencyStore } from '../idempotency/idempotency-store.js';
import { MemoryIdempotencyStore } from '../idempotency/memory-store.js';

/**
 * How deliveries are deduplicated: the `dedupe` option of `createWebhookHandler` and the Kakao receivers.
 *
 * @example
 * ```ts
 * import { RedisIdempotencyStore } from 'momotalk-bot-sdk/redis';
 *
 * const dedupe: DedupeOptions = { store: new RedisIdempotencyStore({ client }), claimTtlMs: 120_000 };
 * ```
 */
export interface DedupeOptions {
  /**
   * Where claims and processed keys are kept. Use `RedisIdempotencyStore` when several instances receive.
   * @default new MemoryIdempotencyStore() (one per handler)
   */
  readonly store?: IdempotencyStore;
  /**
   * How long a claim lives while a delivery is processed: after a crash, a redelivery can run again once
   * this has passed. Make it longer than your slowest handler; a handler that outlives it may run twice.
   * @default 60000 (one minute)
   */
  readonly claimTtlMs?: number;
  /**
   * How long a processed key is remembered: redeliveries within this window are not processed again.
   * @default 86400000 (24 hours)
   */
  readonly ttlMs?: number;
  /**
   * The longest one store call (claim, complete, release) may take. A store that has not answered by then
   * (Redis down, paused or unreachable with a client that queues commands) counts as unavailable: the
   * delivery is answered 503 `{"error":"idempotency_unavailable"}` without running the handlers, and
   * `onError` gets phase `idempotency`. A claim that arrives late is released, best effort.
   * @default 3000 (three seconds)
   */
  readonly timeoutMs?: number;
}

/**
 * The `dedupe` option: a store, options, or `false` to process every delivery (no deduplication).
 *
 * @example
 * ```ts
 * const dedupe: DedupeSetting = false; // e.g. in a test
 * ```
 */
export type DedupeSetting = IdempotencyStore | DedupeOptions | false;

/** @internal The resolved setting: `undefined` when deduplication is off. */
export interface ResolvedDedupe {
  readonly store: IdempotencyStore;
  readonly claimTtlMs: number;
  readonly ttlMs: number;
  readonly timeoutMs: number;
}

/** @internal Resolves the `dedupe` option, validating its numbers. */
export function resolveDedupe(
  setting: DedupeSetting | undefined,
  caller: string,
): ResolvedDedupe | undefined {
  if (setting === false) return undefined;
  const options: DedupeOptions = isStore(setting) ? { store: setting } : (setting ?? {});
  const claimTtlMs = positive(options.claimTtlMs ?? 60_000, 'dedupe.claimTtlMs', caller);
  const ttlMs = positive(options.ttlMs ?? 86_400_000, 'dedupe.ttlMs', caller);
  const timeoutMs = positive(options.timeoutMs ?? 3000, 'dedupe.timeoutMs', caller);
  const store = options.store ?? new MemoryIdempotencyStore();
  if (!isStore(store)) {
    throw new TypeError(
      `[momotalk-bot-sdk] ${caller}: dedupe.store must have claim, complete and release methods (an IdempotencyStore).`,
    );
  }
  return { store, claimTtlMs, ttlMs, timeoutMs };
}

function isStore(value: unknown): value is IdempotencyStore {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as IdempotencyStore).claim === 'function' &&
    typeof (value as IdempotencyStore).complete === 'function' &&
    typeof (value as IdempotencyStore).release === 'function'
  );
}

function positive(value: number, name: string, caller: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new TypeError(`[momotalk-bot-sdk] ${caller}: ${name} must be a positive number of milliseconds.`);
  }
  return value;
}

/**
 * What {@link IdempotencyStore.claim} found for a key.
 *
 * - `claimed`: nobody held the key; the caller now owns it and must `complete` or `release` it with `token`.
 * - `done`: a delivery with this key was processed successfully within the dedupe window; skip it.
 * - `in_progress`: another worker (or instance) holds a live claim and is still processing; the outcome is
 *   not known yet, so the caller must neither process it again nor report success.
 *
 * @example
 * ```ts
 * const result = await store.claim('momotalk:bot_1:evt_1', { claimTtlMs: 60_000 });
 * if (result.status === 'claimed') {
 *   // process, then
 *   await store.complete('momotalk:bot_1:evt_1', result.token, { ttlMs: 86_400_000 });
 * }
 * ```
 */
export type ClaimResult =
  | {
      /** The caller now owns the key. */
      readonly status: 'claimed';
      /** Proof of ownership for `complete` and `release`. */
      readonly token: string;
    }
  | {
      /** Already processed within the dedupe window. */
      readonly status: 'done';
    }
  | {
      /** Another worker holds a live claim. */
      readonly status: 'in_progress';
    };

/**
 * Options of {@link IdempotencyStore.claim}.
 *
 * @example
 * ```ts
 * await store.claim(key, { claimTtlMs: 60_000 });
 * ```
 */
export interface ClaimOptions {
  /**
   * How long the claim lives if it is neither completed nor released: the time after which a delivery whose
   * worker died (crash, deploy, frozen serverless function) can be processed again.
   */
  readonly claimTtlMs: number;
}

/**
 * Options of {@link IdempotencyStore.complete}.
 *
 * @example
 * ```ts
 * await store.complete(key, token, { ttlMs: 86_400_000 });
 * ```
 */
export interface CompleteOptions {
  /** How long the key is remembered as done: the dedupe window for redeliveries. */
  readonly ttlMs: number;
}

/**
 * Exactly-once bookkeeping for webhook deliveries: claim a key before processing, mark it done after
 * success, release it on failure so a redelivery runs again. A claim that is never completed or released
 * expires after its `claimTtlMs`, so a worker that dies mid-processing does not block the key forever.
 *
 * `complete` and `release` only act while `token` still owns the key (compare-and-set), so a worker whose
 * claim already expired and was taken over cannot clobber the new owner's state.
 *
 * Implementations: {@link MemoryIdempotencyStore} (one process, the default) and `RedisIdempotencyStore`
 * from `momotalk-bot-sdk/redis` (several instances).
 *
 * @example
 * ```ts
 * import { createWebhookHandler, type IdempotencyStore } from 'momotalk-bot-sdk';
 *
 * const store: IdempotencyStore = myStore; // any object with claim / complete / release
 * const handler = createWebhookHandler({ secret, dedupe: { store } });
 * ```
 */
export interface IdempotencyStore {
  /** Atomically takes `key` unless it is done or claimed by someone else. */
  claim(key: string, options: ClaimOptions): Promise<ClaimResult>;
  /** Marks `key` as processed for `ttlMs`, if `token` still owns it. */
  complete(key: string, token: string, options: CompleteOptions): Promise<void>;
  /** Forgets the claim on `key`, if `token` still owns it, so a redelivery is processed again. */
  release(key: string, token: string): Promise<void>;
}

/** @internal A random, unguessable claim token. */
export function newClaimToken(): string {
  return globalThis.crypto.randomUUID();
}

/**
 * `momotalk-bot-sdk/redis`: the {@link IdempotencyStore} on Redis, so a delivery is processed once across
 * every instance of a bot behind a load balancer, and the `SessionStorage` on Redis
 * (`RedisSessionStorage`), so sessions and conversations are shared by every instance. Works with
 * `ioredis` and `redis` (node-redis) clients; neither is a dependency of this package.
 *
 * @module
 */
import type { ClaimOptions, ClaimResult, CompleteOptions, IdempotencyStore } from './idempotency-store.js';
import { newClaimToken } from './idempotency-store.js';
import { type RedisClientLike, type RedisCommand, toRedisCommand } from './redis-command.js';
import { COMPLETE_SCRIPT, DONE, PENDING, RELEASE_SCRIPT, runScript } from './redis-scripts.js';

export {
  RedisSessionStorage,
  type RedisSessionStorageOptions,
} from '../bot/session/redis-session-storage.js';
export type { SessionStorage, SessionWriteOptions, StoredSession } from '../bot/session/session-storage.js';
export type { ClaimOptions, ClaimResult, CompleteOptions, IdempotencyStore } from './idempotency-store.js';
export type { IoRedisLike, NodeRedisLike, RedisClientLike } from './redis-command.js';

/**
 * Options of {@link RedisIdempotencyStore}.
 *
 * @example
 * ```ts
 * new RedisIdempotencyStore({ client, keyPrefix: 'mybot:dedupe:' });
 * ```
 */
export interface RedisIdempotencyStoreOptions {
  /** A connected `ioredis` or `redis` (node-redis v4+) client. The store never connects or quits it. */
  readonly client: RedisClientLike;
  /**
   * Prepended to every key, so the store can share a database with other data.
   * @default "momotalk:idempotency:"
   */
  readonly keyPrefix?: string;
}

/**
 * An {@link IdempotencyStore} on Redis. A claim is `SET key "p:<token>" NX PX claimTtlMs`, so it expires by
 * itself if the process dies; `complete` and `release` are compare-and-set Lua scripts that act only while
 * the caller's token still holds the key. They run by SHA-1 (`EVALSHA`); when the server has not cached
 * them (after a restart or `SCRIPT FLUSH`: `NOSCRIPT`), once with `EVAL`, which caches them again.
 *
 * Errors from Redis (connection lost, timeout) reject; the webhook handler answers such a delivery with
 * 503 so the platform redelivers it, instead of risking a duplicate. A call that never answers (Redis
 * paused, or a client queueing commands while disconnected) is cut off by the handler's `dedupe.timeoutMs`
 * (3 s by default) with the same 503. Give the client options that fail fast and an `'error'` listener
 * (node-redis exits the process without one; ioredis logs "Unhandled error event" on every reconnect), as
 * below and in docs/scaling.md.
 *
 * @example
 * ```ts
 * import Redis from 'ioredis';
 * import { createWebhookHandler } from 'momotalk-bot-sdk';
 * import { RedisIdempotencyStore } from 'momotalk-bot-sdk/redis';
 *
 * const client = new Redis(process.env.REDIS_URL!, {
 *   enableOfflineQueue: false,
 *   maxRetriesPerRequest: 1,
 *   connectTimeout: 2_000,
 *   commandTimeout: 1_000,
 *   lazyConnect: true,
 * });
 * client.on('error', (error) => console.warn(`redis: ${error.message}`));
 * await client.connect();
 *
 * const handler = createWebhookHandler({
 *   secret: process.env.MOMOTALK_WEBHOOK_SECRET!,
 *   dedupe: { store: new RedisIdempotencyStore({ client }) },
 * });
 * ```
 *
 * @example With node-redis
 * ```ts
 * import { createClient } from 'redis';
 *
 * const client = createClient({ url: process.env.REDIS_URL, disableOfflineQueue: true });
 * client.on('error', (error) => console.warn(`redis: ${error.message}`));
 * await client.connect();
 * const store = new RedisIdempotencyStore({ client });
 * ```
 */
export class RedisIdempotencyStore implements IdempotencyStore {
  readonly #command: RedisCommand;
  readonly #prefix: string;

  /**
   * @param options - The client and key prefix.
   * @throws {TypeError} When `client` is neither an ioredis nor a node-redis client.
   */
  constructor(options: RedisIdempotencyStoreOptions) {
    this.#command = toRedisCommand(options?.client, 'RedisIdempotencyStore');
    this.#prefix = options.keyPrefix ?? 'momotalk:idempotency:';
  }

  /** {@inheritDoc IdempotencyStore.claim} */
  async claim(key: string, options: ClaimOptions): Promise<ClaimResult> {
    const redisKey = this.#prefix + key;
    const ttl = String(Math.max(1, Math.ceil(options.claimTtlMs)));
    // The key can expire between a failed SET NX and the GET: then try again (bounded).
    for (let attempt = 0; attempt < 3; attempt++) {
      const token = newClaimToken();
      const set = await this.#command(['SET', redisKey, PENDING + token, 'NX', 'PX', ttl]);
      if (set !== null && set !== undefined) return { status: 'claimed', token };
      const current = await this.#command(['GET', redisKey]);
      if (typeof current === 'string') {
        return current.startsWith(DONE) ? { status: 'done' } : { status: 'in_progress' };
      }
    }
    return { status: 'in_progress' };
  }

  /** {@inheritDoc IdempotencyStore.complete} */
  async complete(key: string, token: string, options: CompleteOptions): Promise<void> {
    const ttl = String(Math.max(1, Math.ceil(options.ttlMs)));
    await runScript(this.#command, COMPLETE_SCRIPT, this.#prefix + key, [token, ttl]);
  }

  /** {@inheritDoc IdempotencyStore.release} */
  async release(key: string, token: string): Promise<void> {
    await runScript(this.#command, RELEASE_SCRIPT, this.#prefix + key, [token]);
  }
}

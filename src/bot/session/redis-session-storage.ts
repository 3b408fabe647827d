import { type RedisClientLike, type RedisCommand, toRedisCommand } from '../../idempotency/redis-command.js';
import { runScript } from '../../idempotency/redis-scripts.js';
import { DELETE_SESSION_SCRIPT, WRITE_SESSION_SCRIPT } from './redis-session-scripts.js';
import type { SessionStorage, SessionWriteOptions, StoredSession } from './session-storage.js';

/**
 * Options of {@link RedisSessionStorage}.
 *
 * @example
 * ```ts
 * new RedisSessionStorage({ client, keyPrefix: 'mybot:session:' });
 * ```
 */
export interface RedisSessionStorageOptions {
  /** A connected `ioredis` or `redis` (node-redis v4+) client. The storage never connects or quits it. */
  readonly client: RedisClientLike;
  /**
   * Prepended to every key, so sessions can share a database with other data.
   * @default "momotalk:session:"
   */
  readonly keyPrefix?: string;
}

/**
 * A {@link SessionStorage} on Redis, shared by every instance of a bot. A session is one string key,
 * `<version>|<json>`: a read is one `GET`, a write or delete one compare-and-set Lua script (run by SHA-1
 * with `EVALSHA`, once more with `EVAL` after `NOSCRIPT`, exactly like `RedisIdempotencyStore`). So an
 * update that changes its session costs two round trips, one that only reads it costs one. Versions are
 * random UUIDs, never reused. A `ttl` becomes the key's `PX` expiry, set again on every write. A value this
 * storage did not write (no `|`) reads as an empty, invalid session whose version is the value itself, so
 * the `session()` middleware resets it and its write replaces it.
 *
 * Errors from Redis (connection lost, timeout) reject: the update fails and nothing is written. Give the
 * client options that fail fast and an `'error'` listener, as for `RedisIdempotencyStore` (docs/scaling.md).
 *
 * @example
 * ```ts
 * import Redis from 'ioredis';
 * import { session } from 'momotalk-bot-sdk';
 * import { RedisSessionStorage } from 'momotalk-bot-sdk/redis';
 *
 * const client = new Redis(process.env.REDIS_URL!, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
 * client.on('error', (error) => console.warn(`redis: ${error.message}`));
 * bot.use(session({ initial: () => ({ count: 0 }), storage: new RedisSessionStorage({ client }) }));
 * ```
 */
export class RedisSessionStorage implements SessionStorage {
  readonly #command: RedisCommand;
  readonly #prefix: string;

  /**
   * @param options - The client and key prefix.
   * @throws {TypeError} When `client` is neither an ioredis nor a node-redis client.
   */
  constructor(options: RedisSessionStorageOptions) {
    this.#command = toRedisCommand(options?.client, 'RedisSessionStorage');
    this.#prefix = options.keyPrefix ?? 'momotalk:session:';
  }

  /** {@inheritDoc SessionStorage.read} */
  async read(key: string): Promise<StoredSession | undefined> {
    const raw = await this.#command(['GET', this.#prefix + key]);
    if (typeof raw !== 'string') return undefined;
    const bar = raw.indexOf('|');
    if (bar < 1) return { version: raw, data: '' };
    return { version: raw.slice(0, bar), data: raw.slice(bar + 1) };
  }

  /** {@inheritDoc SessionStorage.write} */
  async write(key: string, data: string, options: SessionWriteOptions): Promise<string | undefined> {
    const ttl = options.ttlMs === undefined ? '' : String(Math.max(1, Math.ceil(options.ttlMs)));
    const version = globalThis.crypto.randomUUID();
    const args = [options.expectedVersion ?? '', version, data, ttl];
    const written =
      Number(await runScript(this.#command, WRITE_SESSION_SCRIPT, this.#prefix + key, args)) === 1;
    return written ? version : undefined;
  }

  /** {@inheritDoc SessionStorage.delete} */
  async delete(key: string, expectedVersion: string | undefined): Promise<boolean> {
    const args = [expectedVersion ?? ''];
    return Number(await runScript(this.#command, DELETE_SESSION_SCRIPT, this.#prefix + key, args)) === 1;
  }
}

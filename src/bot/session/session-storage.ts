/**
 * A session as a {@link SessionStorage} holds it: the serialised value and the version it was written as.
 *
 * @example
 * ```ts
 * const stored = await storage.read('bot_1:room:123');
 * if (stored !== undefined) console.log(stored.version, JSON.parse(stored.data));
 * ```
 */
export interface StoredSession {
  /** The session, serialised (the `session()` middleware writes JSON). */
  readonly data: string;
  /**
   * An opaque token that changes on every write and is never reused for a key, so a write that expects it
   * fails once anyone else has written (or deleted and re-created) the key in between.
   */
  readonly version: string;
}

/**
 * Options of {@link SessionStorage.write}.
 *
 * @example
 * ```ts
 * await storage.write('bot_1:room:123', '{"count":1}', { expectedVersion: stored?.version, ttlMs: 86_400_000 });
 * ```
 */
export interface SessionWriteOptions {
  /**
   * The version the caller read: the write succeeds only while the key still holds it. `undefined` means
   * "the key must not exist" (the caller read nothing).
   */
  readonly expectedVersion: string | undefined;
  /** How long the key lives after this write; `undefined` keeps it until it is deleted (or evicted). */
  readonly ttlMs?: number | undefined;
}

/**
 * Where sessions live: read with a version, compare-and-set write, compare-and-set delete. Four methods,
 * small enough to put in front of any store that can compare and swap one key atomically (a SQL `UPDATE …
 * WHERE version = ?`, DynamoDB's `ConditionExpression`, a Redis script).
 *
 * Keys are plain strings built by the `session()` middleware (`getSessionKey`); values are strings
 * (JSON). Implementations must never reuse a version for the same key, or a write based on an old read
 * could succeed after a delete and a re-create (the ABA problem): a random token or a counter that
 * survives deletes both work.
 *
 * Implementations: {@link MemorySessionStorage} (one process, bounded, the default) and
 * `RedisSessionStorage` from `momotalk-bot-sdk/redis` (several instances).
 *
 * @example
 * ```ts
 * import { session, type SessionStorage } from 'momotalk-bot-sdk';
 *
 * const storage: SessionStorage = myStorage; // any object with read / write / delete
 * bot.use(session({ initial: () => ({ count: 0 }), storage }));
 * ```
 */
export interface SessionStorage {
  /** The stored session of `key`, or `undefined` when there is none (never written, deleted or expired). */
  read(key: string): Promise<StoredSession | undefined>;
  /**
   * Writes `data` if `key` still holds `options.expectedVersion` (or does not exist, when it is
   * `undefined`). Resolves the new version when written (so one caller can write again), `undefined` on a
   * version conflict; rejects only when the store itself fails.
   */
  write(key: string, data: string, options: SessionWriteOptions): Promise<string | undefined>;
  /**
   * Deletes `key` if it still holds `expectedVersion`. Resolves `true` when deleted (or already absent
   * while `expectedVersion` is `undefined`), `false` on a version conflict.
   */
  delete(key: string, expectedVersion: string | undefined): Promise<boolean>;
}

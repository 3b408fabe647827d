import type { SessionStorage, SessionWriteOptions, StoredSession } from './session-storage.js';

/**
 * Options of {@link MemorySessionStorage}.
 *
 * @example
 * ```ts
 * new MemorySessionStorage({ maxEntries: 50_000 });
 * ```
 */
export interface MemorySessionStorageOptions {
  /**
   * How many sessions are kept. Past it, the session written least recently is forgotten (its next read
   * finds nothing, so the `session()` middleware starts it again from `initial`). Choose it above the
   * number of rooms (or users) active within your sessions' `ttl`.
   * @default 10000
   */
  readonly maxEntries?: number;
  /**
   * The clock, in milliseconds. For tests.
   * @default Date.now
   */
  readonly now?: () => number;
}

interface Entry extends StoredSession {
  readonly expiresAt: number;
}

/**
 * The default {@link SessionStorage}: a `Map` in the memory of this process, bounded to `maxEntries`
 * sessions (the least recently written is forgotten first), each kept until its `ttl` runs out. Reads and
 * writes are O(1); an expired session is dropped when it is next read or written, or pushed out by the bound.
 *
 * Versions are a counter of this storage, never reused, so a compare-and-set write detects every
 * write in between, delete and re-create included. Nothing survives a restart, and nothing is shared with
 * another process: behind a load balancer, or to keep sessions across deploys, use `RedisSessionStorage`
 * from `momotalk-bot-sdk/redis`.
 *
 * @example
 * ```ts
 * import { MemorySessionStorage, session } from 'momotalk-bot-sdk';
 *
 * bot.use(session({ initial: () => ({ lang: 'ko' }), storage: new MemorySessionStorage({ maxEntries: 50_000 }) }));
 * ```
 */
export class MemorySessionStorage implements SessionStorage {
  readonly #entries = new Map<string, Entry>();
  readonly #maxEntries: number;
  readonly #now: () => number;
  #lastVersion = 0;

  /**
   * @param options - Size bound and clock.
   * @throws {TypeError} When `maxEntries` is not a positive integer.
   */
  constructor(options: MemorySessionStorageOptions = {}) {
    const maxEntries = options.maxEntries ?? 10_000;
    if (!Number.isSafeInteger(maxEntries) || maxEntries < 1) {
      throw new TypeError(
        `[momotalk-bot-sdk] MemorySessionStorage: maxEntries must be a positive integer (got ${String(maxEntries)}).`,
      );
    }
    this.#maxEntries = maxEntries;
    this.#now = options.now ?? Date.now;
  }

  /** The number of sessions held now (expired ones not yet dropped included); never more than `maxEntries`. */
  get size(): number {
    return this.#entries.size;
  }

  /** {@inheritDoc SessionStorage.read} */
  async read(key: string): Promise<StoredSession | undefined> {
    return this.#live(key);
  }

  /** {@inheritDoc SessionStorage.write} */
  async write(key: string, data: string, options: SessionWriteOptions): Promise<string | undefined> {
    if (this.#live(key)?.version !== options.expectedVersion) return undefined;
    const ttlMs = options.ttlMs;
    const expiresAt = ttlMs === undefined ? Number.POSITIVE_INFINITY : this.#now() + ttlMs;
    // Deleted first so the Map's order is the order of the last write: its head is the one to forget.
    this.#entries.delete(key);
    const version = String(++this.#lastVersion);
    this.#entries.set(key, { data, version, expiresAt });
    if (this.#entries.size > this.#maxEntries) {
      this.#entries.delete(this.#entries.keys().next().value as string);
    }
    return version;
  }

  /** {@inheritDoc SessionStorage.delete} */
  async delete(key: string, expectedVersion: string | undefined): Promise<boolean> {
    if (this.#live(key)?.version !== expectedVersion) return false;
    this.#entries.delete(key);
    return true;
  }

  #live(key: string): Entry | undefined {
    const entry = this.#entries.get(key);
    // Without a ttl there is no clock to read.
    if (
      entry === undefined ||
      entry.expiresAt === Number.POSITIVE_INFINITY ||
      entry.expiresAt > this.#now()
    ) {
      return entry;
    }
    this.#entries.delete(key);
    return undefined;
  }
}

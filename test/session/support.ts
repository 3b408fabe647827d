// Sessions without a Bot: a structural context and a counting storage wrapper.
import type { SessionContext } from '../../src/bot/session/session-key.js';
import type {
  SessionStorage,
  SessionWriteOptions,
  StoredSession,
} from '../../src/bot/session/session-storage.js';
import { BOT_ID } from '../support/index.js';

/** A context as the bot layer gives one, for room `roomId` and user `senderId`. */
export function contextFor(roomId: number | string | undefined = 1, senderId: string | undefined = 'user_1') {
  return { roomId, senderId, event: { bot_id: BOT_ID } } satisfies SessionContext as SessionContext;
}

/** Wraps a storage, counting its calls (and letting a test run code just before a write lands). */
export class CountingStorage implements SessionStorage {
  reads = 0;
  writes = 0;
  deletes = 0;
  conflicts = 0;
  beforeWrite: ((key: string) => Promise<void>) | undefined;

  constructor(readonly inner: SessionStorage) {}

  read(key: string): Promise<StoredSession | undefined> {
    this.reads += 1;
    return this.inner.read(key);
  }

  async write(key: string, data: string, options: SessionWriteOptions): Promise<string | undefined> {
    this.writes += 1;
    await this.beforeWrite?.(key);
    const written = await this.inner.write(key, data, options);
    if (written === undefined) this.conflicts += 1;
    return written;
  }

  async delete(key: string, expectedVersion: string | undefined): Promise<boolean> {
    this.deletes += 1;
    const deleted = await this.inner.delete(key, expectedVersion);
    if (!deleted) this.conflicts += 1;
    return deleted;
  }
}

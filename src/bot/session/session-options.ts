import type * as z from 'zod/mini';
import type { SessionContext, SessionKey } from './session-key.js';
import type { SessionStorage } from './session-storage.js';

/**
 * Options of the {@link session} middleware. `S` is the session's type, inferred from `initial` (and
 * `schema`, when given); `C` is the context type.
 *
 * @example
 * ```ts
 * const options: SessionOptions<{ count: number }, Context> = {
 *   initial: () => ({ count: 0 }),
 *   key: 'room',
 *   ttl: 7 * 24 * 3_600_000,
 * };
 * bot.use(session(options));
 * ```
 */
export interface SessionOptions<S, C extends SessionContext = SessionContext> {
  /**
   * The session of a room (or user) that has none yet, or whose stored value is invalid. Called for
   * each such update, so return a fresh object every time.
   */
  readonly initial: () => S;
  /**
   * Which session an update uses: `'room'`, `'user'`, `'room-user'` or a function (see `SessionKey`). An
   * update without one (an event without a room under `'room'`) cannot use `ctx.session`: touching it
   * rejects with a `MoMoTalkError`; not touching it costs nothing.
   * @default 'room'
   */
  readonly key?: SessionKey<C>;
  /**
   * Validates what is read from the storage (zod or zod/mini). A stored value that is not JSON or fails
   * the schema is given to `migrate`, and without one (or when `migrate` returns `undefined`) replaced by
   * `initial()`: an invalid session never fails an update. Without a schema the stored JSON is trusted as `S`.
   */
  readonly schema?: z.core.$ZodType<S>;
  /**
   * Turns an invalid stored value (one the `schema` rejects, or `undefined` when the stored text is not
   * JSON) into a valid session, e.g. after you changed the session's shape. Its result is checked by the
   * schema again; `undefined` or an invalid result means "start from `initial()`". An exception it throws
   * fails the update.
   */
  readonly migrate?: (stored: unknown) => S | undefined;
  /**
   * Where sessions live. Several `session()` middlewares in one process over the same storage object
   * share its per-key queue (see the guide).
   * @default new MemorySessionStorage()
   */
  readonly storage?: SessionStorage;
  /**
   * How long a session lives after its last change, in milliseconds. An update that only reads the
   * session does not write it, so it does not extend the time either. `undefined`: kept until deleted
   * (or, in memory, pushed out by `maxEntries`).
   * @default undefined
   */
  readonly ttl?: number;
  /**
   * What happens when another update (in another process: one process queues its own updates of a key)
   * wrote the session between this update's read and its write:
   * - `'retry'`: the rest of the chain runs again on the fresh session, up to `retries` more times, then a
   *   `SessionConflictError`. Anything those handlers did besides changing the session (a reply, a
   *   database call) happens again, so this suits handlers whose only effect is the session.
   * - `'throw'`: nothing is written and the update fails with a `SessionConflictError` (the receiver
   *   answers 500; the platform may redeliver it, which the guide does not promise).
   * @default 'retry'
   */
  readonly onConflict?: 'retry' | 'throw';
  /**
   * How many times `'retry'` runs the chain again for one update, each after a short random pause (up
   * to 2^attempt ms, at most 100 ms) so two instances do not collide in step.
   * @default 20
   */
  readonly retries?: number;
}

import { SessionConflictError } from '../../errors/session-conflict-error.js';
import { DONE, RERUNS, settle } from '../compose.js';
import type { MiddlewareFn } from '../middleware.js';
import { lockFor } from './key-lock.js';
import { MemorySessionStorage } from './memory-session-storage.js';
import { getSessionKey, type SessionContext } from './session-key.js';
import type { SessionOptions } from './session-options.js';
import { SessionRun, type SessionRunConfig } from './session-run.js';

/**
 * What `session()` adds to the context: `ctx.session`, read lazily. `await ctx.session` reads the
 * session on first use (later uses in the same update get the same object); assign to replace it, or
 * assign `undefined` to delete it. An update that never touches it reads and writes nothing.
 *
 * @example
 * ```ts
 * type MyContext = Context & SessionFlavor<{ count: number }>;
 * bot.on('message', async (ctx: MyContext) => {
 *   const session = await ctx.session;
 *   session.count += 1;
 * });
 * ```
 */
export interface SessionFlavor<S> {
  /** The session of this update's key, read on first use. Rejects when the update has no key. */
  get session(): Promise<S>;
  /** Replaces the session (`undefined`: deletes it), written when the update succeeds. */
  set session(value: S | undefined);
}

/**
 * Session middleware: gives every update behind it `ctx.session`, a JSON value kept per room (or user, or
 * user in a room) in a {@link SessionStorage}, and typed from `initial` (or `schema`).
 *
 * How it behaves:
 * - Lazy: the storage is read on the first `await ctx.session`, and written after the rest of the chain
 *   succeeded, only if the value's JSON changed. Reads 0 or 1, writes 0 or 1 per update.
 * - A failed update (a handler throws) writes nothing: the session stays as it was.
 * - Safe under concurrency: writes are compare-and-set on the version read. Updates of one key in one
 *   process queue (from their first touch of the session to their write), so they never conflict; an
 *   update of another process in between is a conflict, handled by `onConflict`.
 * - Invalid stored data (not JSON, or rejected by `schema`) is migrated (`migrate`) or reset to
 *   `initial()`, never an error. A value that cannot be JSON (BigInt, a cycle, a function) fails the update
 *   with a `TypeError`, and nothing is written.
 *
 * @param options - `initial` (required), `key`, `schema`, `migrate`, `storage`, `ttl`, `onConflict`, `retries`.
 * @returns A middleware for `bot.use`.
 * @throws {TypeError} When an option is invalid (checked here, once). The middleware fails the update with a
 * `TypeError` when another `session()` (or the same one, reached twice) is already running on it: one per chain.
 *
 * @example
 * ```ts
 * import { Bot, session, type Context, type SessionFlavor } from 'momotalk-bot-sdk';
 *
 * type MyContext = Context & SessionFlavor<{ count: number }>;
 * const bot = new Bot<MyContext>({ client });
 * bot.use(session({ initial: () => ({ count: 0 }) }));
 * bot.command('count', async (ctx) => {
 *   const session = await ctx.session;
 *   session.count += 1;
 *   await ctx.reply(`${session.count}`);
 * });
 * ```
 */
export function session<S, C extends SessionContext = SessionContext>(
  options: SessionOptions<S, C>,
): MiddlewareFn<C & SessionFlavor<S>> {
  if (typeof options?.initial !== 'function') {
    throw new TypeError('[momotalk-bot-sdk] session: initial must be a function returning a fresh session.');
  }
  const { ttl, onConflict = 'retry', retries = 20, key = 'room' } = options;
  if (ttl !== undefined && !(Number.isFinite(ttl) && ttl > 0)) {
    throw new TypeError(
      `[momotalk-bot-sdk] session: ttl must be a positive number of milliseconds (got ${String(ttl)}).`,
    );
  }
  if (onConflict !== 'retry' && onConflict !== 'throw') {
    throw new TypeError(
      `[momotalk-bot-sdk] session: onConflict must be 'retry' or 'throw' (got ${String(onConflict)}).`,
    );
  }
  if (!Number.isSafeInteger(retries) || retries < 0) {
    throw new TypeError(
      `[momotalk-bot-sdk] session: retries must be a non-negative integer (got ${String(retries)}).`,
    );
  }
  if (typeof key !== 'function' && key !== 'room' && key !== 'user' && key !== 'room-user') {
    throw new TypeError(
      `[momotalk-bot-sdk] session: key must be 'room', 'user', 'room-user' or a function (got ${String(key)}).`,
    );
  }
  const storage = options.storage ?? new MemorySessionStorage();
  const config: SessionRunConfig<S> = {
    storage,
    lock: lockFor(storage),
    initial: options.initial,
    schema: options.schema,
    migrate: options.migrate,
    ttl,
    key: (ctx: C) => getSessionKey(ctx, key),
  };

  const unused = config as SessionRunConfig<unknown>;
  // Not an async function: an update that never touches its session and whose chain ends synchronously
  // (compose answers with its settled DONE) costs no promise, the price of the lazy promise.
  const middleware: MiddlewareFn<C & SessionFlavor<S>> = (ctx, next) => {
    attach(ctx);
    const slot = ctx as Holder;
    // One read of a slot written anyway: a session() already running here would lose its run (never
    // written, its key's queue never released: that room's later updates would wait forever).
    const running = slot[RUN];
    if (running !== undefined && running !== CLOSED) throw secondSession();
    // Untouched, the slot keeps the config: the run is made by the first use of ctx.session.
    slot[RUN] = unused;
    let rest: Promise<void>;
    try {
      rest = next();
    } catch (error) {
      close(slot);
      throw error;
    }
    if (rest === DONE && slot[RUN] === unused) {
      slot[RUN] = CLOSED;
      return rest;
    }
    return settle(rest).then(
      () => (slot[RUN] instanceof SessionRun ? commitOrRerun(ctx, next, 1) : close(slot)),
      (error: unknown) => {
        close(slot);
        throw error;
      },
    );
  };

  /** Writes the run of `attempt`; on a conflict, runs the rest of the chain again on the fresh session. */
  const commitOrRerun = async (ctx: C, next: () => Promise<void>, attempt: number): Promise<void> => {
    const slot = ctx as Holder;
    for (;;) {
      let written = true;
      try {
        const run = slot[RUN];
        if (run instanceof SessionRun) written = await run.commit();
      } finally {
        close(slot);
      }
      if (written) return;
      if (onConflict === 'throw' || attempt > retries)
        throw new SessionConflictError(getSessionKey(ctx, key) ?? '', attempt);
      await pause(attempt);
      attempt += 1;
      // The rest of the chain runs again: tell compose's next() guards this second call is meant.
      const rerunning = ctx as { [RERUNS]?: number };
      rerunning[RERUNS] = (rerunning[RERUNS] ?? 0) + 1;
      slot[RUN] = unused;
      try {
        await next();
      } catch (error) {
        close(slot);
        throw error;
      }
    }
  };
  return middleware;
}

/** Ends the update's run: later uses of ctx.session are refused (a change then could not be saved). */
function close(slot: Holder): void {
  const run = slot[RUN];
  if (run instanceof SessionRun) run.close();
  slot[RUN] = CLOSED;
}

/** Where the update's current run sits on the context (a data property: cheap to set per update). */
const RUN = Symbol.for('momotalk-bot-sdk.session-run');

/** What the slot holds: the config (untouched yet), the run, or CLOSED after the update. */
type Slot = SessionRunConfig<unknown> | SessionRun<unknown> | typeof CLOSED;
type Holder = { [RUN]?: Slot };
const CLOSED = 'closed';

/** Prototypes that already have the `session` accessor, and the last one seen (the common case). */
let attached: WeakSet<object> | undefined;
let lastAttached: object | undefined;

/**
 * Gives `ctx` its `session` accessor, reading the run from `ctx[RUN]`. A class's prototype (the bot
 * layer's `Context` or a subclass) gets it once: defining an accessor on every context costs more than
 * the rest of a dispatch. A plain object (tests, a hand-made context) gets its own.
 */
function attach(ctx: object): void {
  const proto = Object.getPrototypeOf(ctx) as object | null;
  if (proto === lastAttached) return;
  const shared = proto !== null && proto !== Object.prototype;
  const target = shared ? proto : ctx;
  attached ??= new WeakSet();
  if (shared && attached.has(target)) {
    lastAttached = target;
    return;
  }
  if (!shared && Object.getOwnPropertyDescriptor(ctx, 'session')?.get === sessionGetter) return;
  Object.defineProperty(target, 'session', {
    configurable: true,
    enumerable: false,
    get: sessionGetter,
    set: sessionSetter,
  });
  if (shared) {
    attached.add(target);
    lastAttached = target;
  }
}

function runOf(ctx: object): SessionRun<unknown> {
  const holder = ctx as Holder;
  const slot = holder[RUN];
  if (slot instanceof SessionRun) return slot;
  if (slot === undefined) {
    throw new TypeError(
      '[momotalk-bot-sdk] ctx.session: no session() middleware ran before this handler; bot.use(session({ initial })) first.',
    );
  }
  if (slot === CLOSED) {
    throw new TypeError(
      '[momotalk-bot-sdk] session: ctx.session was used after its update finished (a callback or timer ' +
        'outlived the handler); such a change could not be saved. Await your work inside the handler.',
    );
  }
  const run = new SessionRun(slot, ctx);
  holder[RUN] = run;
  return run;
}

function sessionGetter(this: object): Promise<unknown> {
  try {
    return runOf(this).get();
  } catch (error) {
    return Promise.reject(error);
  }
}

function sessionSetter(this: object, value: unknown): void {
  runOf(this).set(value);
}

function secondSession(): TypeError {
  return new TypeError(
    '[momotalk-bot-sdk] session: a second session() middleware runs on this update while another one ' +
      '(or the same one) is still running on it; they would share ctx.session. Use one session() per ' +
      'chain and keep all of its state in one object.',
  );
}

/** Random, growing, capped: two instances that collided rarely collide again at once. */
function pause(attempt: number): Promise<void> {
  const ms = Math.random() * Math.min(100, 2 ** attempt);
  return new Promise((resolve) => setTimeout(resolve, ms));
}

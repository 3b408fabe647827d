import { MoMoTalkError } from '../../errors/momotalk-error.js';
import type { MessageCreatedEvent } from '../../momotalk/events/message-created-event.js';
import type { Context } from '../context.js';
import type { MiddlewareFn } from '../middleware.js';
import { lockFor } from '../session/key-lock.js';
import { MemorySessionStorage } from '../session/memory-session-storage.js';
import { getSessionKey } from '../session/session-key.js';
import type { SessionStorage } from '../session/session-storage.js';
import { ConversationHost } from './conversation-host.js';
import { parseConversationState } from './conversation-state.js';

/**
 * Options of {@link conversations}.
 *
 * @example
 * ```ts
 * bot.use(conversations({ storage: new RedisSessionStorage({ client }) }));
 * ```
 */
export interface ConversationsOptions {
  /**
   * Where running conversations are kept (keys `conversation:<bot>:room-user:<room>:<user>`). The same
   * storage as your sessions is fine. For several instances or restarts, `RedisSessionStorage`.
   * @default new MemorySessionStorage()
   */
  readonly storage?: SessionStorage;
  /**
   * The clock, in milliseconds (conversation timeouts). For tests.
   * @default Date.now
   */
  readonly now?: () => number;
}

/**
 * `ctx.conversation`: enter, leave, or look at the conversation of this user in this room.
 *
 * @example
 * ```ts
 * bot.command('signup', (ctx) => ctx.conversation.enter('signup'));
 * bot.command('cancel', async (ctx) => {
 *   await ctx.conversation.exit();
 *   await ctx.reply('Cancelled.');
 * });
 * ```
 */
export interface ConversationControl {
  /** The running conversation's name, or `undefined`. */
  readonly active: string | undefined;
  /**
   * Starts the conversation `name` with this message (ending one that was running). Resolves when it
   * waits for the user's next message or finishes.
   * @throws {TypeError} When no `createConversation(name, …)` ran before this handler.
   * @throws {MoMoTalkError} When this update is not a message of a user in a room.
   */
  enter(name: string): Promise<void>;
  /** Ends the running conversation, if any (its state is deleted). */
  exit(): Promise<void>;
}

/**
 * What `conversations()` adds to the context.
 *
 * @example
 * ```ts
 * type MyContext = Context & ConversationFlavor;
 * const bot = new Bot<MyContext>({ client });
 * ```
 */
export interface ConversationFlavor {
  /** Enter, leave or inspect this user's conversation in this room. */
  readonly conversation: ConversationControl;
}

const HOST = Symbol('momotalk-bot-sdk.conversation-host');

/**
 * The conversations middleware: before any `createConversation`, it reads the conversation of the
 * message's user in its room (one storage read per message; none for other events) and gives
 * `ctx.conversation`. Updates of one user in one room run one after another in a process (a per-key
 * queue), so a conversation sees its messages in the order they arrived; across instances, a write
 * based on a stale read is refused by compare-and-set (a `SessionConflictError` fails the update).
 *
 * @param options - `storage` and the clock.
 * @returns A middleware for `bot.use`.
 *
 * @example
 * ```ts
 * import { conversations, createConversation } from 'momotalk-bot-sdk';
 *
 * bot.use(conversations());
 * bot.use(createConversation('echo-once', async (conversation, ctx) => {
 *   await ctx.reply('Say something');
 *   const said = await conversation.wait();
 *   await said.reply(`You said: ${said.text}`);
 * }));
 * bot.command('echo', (ctx) => ctx.conversation.enter('echo-once'));
 * ```
 */
export function conversations<C extends Context = Context>(
  options: ConversationsOptions = {},
): MiddlewareFn<C & ConversationFlavor> {
  const storage = options.storage ?? new MemorySessionStorage();
  const now = options.now ?? Date.now;
  const lock = lockFor(storage);
  return async (ctx, next) => {
    const event = ctx.event as MessageCreatedEvent;
    const base = isMessage(event) ? getSessionKey(ctx, 'room-user') : undefined;
    if (base === undefined) {
      define(ctx, undefined);
      return next();
    }
    const key = `conversation:${base}`;
    const release = lock.tryAcquire(key) ?? (await lock.acquire(key));
    try {
      const stored = await storage.read(key);
      const host = new ConversationHost({
        storage,
        key,
        ctx,
        event,
        // Unreadable state (another version's, or not JSON) is no conversation; its version is kept so the
        // next write replaces it.
        state: stored === undefined ? undefined : parseConversationState(stored.data),
        version: stored?.version,
        now,
      });
      define(ctx, host);
      await next();
    } finally {
      release();
    }
  };
}

/** @internal The host `conversations()` put on `ctx`; `undefined` for an update without one. */
export function hostOf(ctx: object, name: string): ConversationHost | undefined {
  const holder = ctx as { [HOST]?: ConversationHost | null };
  if (!(HOST in holder)) {
    throw new TypeError(
      `[momotalk-bot-sdk] createConversation('${name}'): bot.use(conversations()) must come before it.`,
    );
  }
  return holder[HOST] ?? undefined;
}

function define(ctx: object, host: ConversationHost | undefined): void {
  Object.defineProperty(ctx, HOST, { value: host ?? null, configurable: true });
  const control: ConversationControl = {
    get active() {
      return host?.state?.name;
    },
    enter: (name) =>
      host === undefined
        ? Promise.reject(
            new MoMoTalkError(
              'ctx.conversation.enter: a conversation needs a message of a user in a room; this update has none.',
            ),
          )
        : host.enter(name),
    exit: () => host?.exit() ?? Promise.resolve(),
  };
  Object.defineProperty(ctx, 'conversation', { value: control, configurable: true, enumerable: true });
}

function isMessage(event: unknown): event is MessageCreatedEvent {
  const candidate = event as { event_type?: unknown; message?: unknown } | null | undefined;
  return (
    candidate?.event_type === 'talk.message_created' &&
    typeof candidate.message === 'object' &&
    candidate.message !== null
  );
}

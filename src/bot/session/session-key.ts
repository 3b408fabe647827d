import type { MoMoTalkId } from '../../momotalk/events/message-schema.js';

/**
 * What the `session()` middleware needs of a context: the room, the sender and the event (for its
 * `bot_id`). The bot layer's `Context` has all three; any object shaped like this works, so sessions can
 * be used, and tested, without a `Bot`.
 *
 * @example
 * ```ts
 * const ctx: SessionContext = { roomId: 123, senderId: 'user_1', event };
 * ```
 */
export interface SessionContext {
  /** The room of the event (`message.room_id`), when it has one. */
  readonly roomId?: MoMoTalkId | undefined;
  /** The user who sent it (`message.sender_user_id`), when it has one. */
  readonly senderId?: string | undefined;
  /** The bot the event is for; starts every built-in key (else the event's `bot_id`, when a string). */
  readonly botId?: string | undefined;
  /** The webhook event. */
  readonly event: unknown;
}

/**
 * Which session an update uses: one per room (`'room'`, the default), one per user across rooms
 * (`'user'`), one per user in each room (`'room-user'`), or your own function. A function returning
 * `undefined` means "no session for this update".
 *
 * @example
 * ```ts
 * session({ key: 'room-user', initial: () => ({ step: 0 }) });
 * session({ key: (ctx) => `tenant-7:${ctx.roomId}`, initial: () => ({}) });
 * ```
 */
export type SessionKey<C> = 'room' | 'user' | 'room-user' | ((ctx: C) => string | undefined);

/**
 * The storage key of an update's session, or `undefined` when the event lacks what the key needs (an event
 * without a room under `'room'`, say). Built-in keys are `<bot_id>:room:<room>`, `<bot_id>:user:<user>`
 * and `<bot_id>:room-user:<room>:<user>`, each id URI-encoded, so no id can forge another key (a `:` in an
 * id stays inside its part) and two bots sharing one storage never share a session.
 *
 * @example
 * ```ts
 * getSessionKey({ roomId: 123, senderId: 'user_1', event: { bot_id: 'bot_1' } }, 'room-user');
 * // 'bot_1:room-user:123:user_1'
 * ```
 */
export function getSessionKey<C extends SessionContext>(
  ctx: C,
  key: SessionKey<C> = 'room',
): string | undefined {
  if (typeof key === 'function') return key(ctx);
  const botId = ctx.botId ?? (ctx.event as { bot_id?: unknown } | null | undefined)?.bot_id;
  const prefix = typeof botId === 'string' ? `${encodeURIComponent(botId)}:` : '';
  const room = part(ctx.roomId);
  const user = part(ctx.senderId);
  switch (key) {
    case 'room':
      return room === undefined ? undefined : `${prefix}room:${room}`;
    case 'user':
      return user === undefined ? undefined : `${prefix}user:${user}`;
    case 'room-user':
      return room === undefined || user === undefined ? undefined : `${prefix}room-user:${room}:${user}`;
    default:
      throw new TypeError(
        `[momotalk-bot-sdk] session: key must be 'room', 'user', 'room-user' or a function (got ${String(key)}).`,
      );
  }
}

function part(id: unknown): string | undefined {
  if (typeof id === 'number' && Number.isFinite(id)) return String(id);
  if (typeof id === 'string' && id !== '') return encodeURIComponent(id);
  return undefined;
}

/**
 * Options of a worker's `coalesce`: bursts of messages in one room (`"hey"`, `"quick question"`, `"…"`)
 * run the handler once, for the latest, with the earlier ones in `ctx.coalesced`. Off unless given.
 *
 * The rule (the same in `createInboxWorker` and `createMemoryInbox().worker`): a run takes its room's
 * first waiting event and the events behind it while each one is a MoMoTalk `talk.message_created` from
 * the same sender (`message.sender_user_id`) stored within `windowMs` of the one before it, up to `max`.
 * Other events (unknown event types, Kakao Bizmessage hooks and Talk Share callbacks) never coalesce. When
 * that run reaches the end of the room's lane with fewer than `max` events, and its newest event was
 * stored less than `windowMs` ago, the room waits until it is `windowMs` old: a message stored meanwhile
 * joins the run and the wait starts again. So a burst is answered once, at most about
 * `windowMs × max` after its first message; and every message-created event waits `windowMs` first.
 *
 * @example
 * ```ts
 * const coalesce: CoalesceOptions = { windowMs: 1500, max: 10 };
 * ```
 */
export interface CoalesceOptions {
  /**
   * The longest gap, by the time the webhook stored them, between two messages of one run; also how long
   * a room waits after its newest message for more. A positive integer of milliseconds, at most 60000
   * (a longer window would hold a room's answers too long: larger values are refused).
   */
  readonly windowMs: number;
  /**
   * The most events in one run; a run of `max` does not wait. An integer from 1 (never coalesce) to 100.
   * @default 10
   */
  readonly max?: number | undefined;
}

/** @internal The options, checked. */
export interface ResolvedCoalesce {
  readonly windowMs: number;
  readonly max: number;
}

/** @internal One entry of a lane, as the rule sees it (`payload` is `undefined` for a vanished entry). */
export interface LaneEntry {
  readonly id: string;
  readonly payload: string | undefined;
  readonly at: number;
}

/** @internal What the rule decided: run the first `size` entries, or wait `waitMs` first. */
export interface CoalescePlan {
  readonly size: number;
  readonly waitMs: number;
}

/**
 * @internal Checks `coalesce`; `undefined` when it is off.
 * @throws {TypeError} When it is not an object with an integer `windowMs` in 1..60000 and `max` in 1..100.
 */
export function resolveCoalesce(
  coalesce: CoalesceOptions | undefined,
  caller: string,
): ResolvedCoalesce | undefined {
  if (coalesce === undefined) return undefined;
  const { windowMs, max = 10 } = (typeof coalesce === 'object' && coalesce !== null ? coalesce : {}) as {
    windowMs?: unknown;
    max?: unknown;
  };
  if (!isIntegerIn(windowMs, 1, 60_000) || !isIntegerIn(max, 1, 100)) {
    throw new TypeError(
      `[momotalk-bot-sdk] ${caller}: coalesce must be { windowMs, max? } with windowMs an integer of milliseconds from 1 to 60000 and max an integer from 1 to 100, e.g. { windowMs: 1500 }.`,
    );
  }
  return { windowMs, max };
}

/**
 * @internal The rule of {@link CoalesceOptions}, applied to a lane's first entries (at most `max`, in
 * order) at time `now`. A payload that is not JSON, or not a message with a sender, ends the run (it runs
 * alone). The wait is capped at `windowMs`, so a webhook clock ahead of the worker's cannot hold a room
 * longer than that.
 */
export function planCoalesce(
  lane: string,
  entries: readonly LaneEntry[],
  rule: ResolvedCoalesce,
  now: number,
): CoalescePlan {
  const first = entries[0];
  const sender = lane.startsWith('momotalk:') && first !== undefined ? senderOf(first.payload) : undefined;
  if (sender === undefined) return { size: 1, waitMs: 0 };
  let size = 1;
  while (size < Math.min(entries.length, rule.max)) {
    const next = entries[size] as LaneEntry;
    const previous = entries[size - 1] as LaneEntry;
    if (next.at - previous.at > rule.windowMs || senderOf(next.payload) !== sender) break;
    size++;
  }
  const newest = entries[size - 1] as LaneEntry;
  const open = size === entries.length && size < rule.max;
  const waitMs = open ? Math.min(rule.windowMs, newest.at + rule.windowMs - now) : 0;
  return { size, waitMs: Math.max(0, waitMs) };
}

/** The sender of a stored `talk.message_created` payload (`{ event, eventId, botId }`), else `undefined`. */
function senderOf(payload: string | undefined): string | undefined {
  if (payload === undefined) return undefined;
  try {
    const { event } = JSON.parse(payload) as { event?: { event_type?: unknown; message?: unknown } };
    if (event?.event_type !== 'talk.message_created') return undefined;
    const sender = (event.message as { sender_user_id?: unknown } | null | undefined)?.sender_user_id;
    return typeof sender === 'string' && sender !== '' ? sender : undefined;
  } catch {
    return undefined;
  }
}

function isIntegerIn(value: unknown, min: number, max: number): value is number {
  return Number.isSafeInteger(value) && (value as number) >= min && (value as number) <= max;
}

import type { JsonValue } from '../internal/json-value.js';

/**
 * One item on its way into a durable inbox: what a worker needs to run it later, and nothing secret
 * (no signature, no header, no token).
 *
 * @example
 * ```ts
 * const entry: InboxEntry = {
 *   id: 'momotalk:bot_1:evt_1',
 *   lane: 'momotalk:bot_1:room:42',
 *   payload: { event: { event_type: 'talk.message_created' }, eventId: 'evt_1', botId: 'bot_1' },
 * };
 * ```
 */
export interface InboxEntry {
  /**
   * The item's dedupe key (`momotalk:<bot>:<event>`): an inbox stores one entry per id, so a redelivery
   * racing the claim cannot enqueue the event twice.
   */
  readonly id: string;
  /**
   * The ordering lane: entries of one lane are processed one at a time, in enqueue order (a MoMoTalk
   * room: `momotalk:<bot>:room:<room_id>`); different lanes run in parallel.
   */
  readonly lane: string;
  /** The JSON a worker gets back: the event, its id and its bot. */
  readonly payload: { readonly [key: string]: JsonValue | undefined };
}

/**
 * The write side of a durable inbox, the `inbox` option of `createWebhookHandler` and the Kakao receivers:
 * the receiver verifies and claims a delivery, calls `enqueue`, and answers 2xx once it resolved (the
 * entry is durable; a worker owns it from then on). `createBullMQInbox` from `momotalk-bot-sdk/bullmq`
 * and `createMemoryInbox` are the implementations; any object with this method works.
 *
 * `enqueue` must be idempotent on `entry.id` (a second call with the same id stores nothing new) and
 * must reject when the entry may not be stored: the receiver then answers 503 and releases the claim,
 * so the platform's redelivery is not lost.
 *
 * @example
 * ```ts
 * import { createWebhookHandler } from 'momotalk-bot-sdk';
 * import { createBullMQInbox } from 'momotalk-bot-sdk/bullmq';
 *
 * const inbox = createBullMQInbox({ connection: { host: '127.0.0.1', port: 6379 } });
 * const handler = createWebhookHandler({ secret, inbox });
 * ```
 */
export interface InboxWriter {
  /** Stores `entry` durably (once per `entry.id`); rejects when it could not. */
  enqueue(entry: InboxEntry): Promise<void>;
}

/** @internal Checks the `inbox` option once, at creation. */
export function checkInbox(inbox: unknown, caller: string): InboxWriter | undefined {
  if (inbox === undefined) return undefined;
  if (typeof inbox !== 'object' || inbox === null || typeof (inbox as InboxWriter).enqueue !== 'function') {
    throw new TypeError(
      `[momotalk-bot-sdk] ${caller}: inbox must have an enqueue(entry) method, e.g. createBullMQInbox() from 'momotalk-bot-sdk/bullmq'.`,
    );
  }
  return inbox as InboxWriter;
}

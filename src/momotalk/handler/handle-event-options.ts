import type { MessageCreatedEvent } from '../events/message-created-event.js';
import type { ReplyClient } from './webhook-context.js';

/**
 * Options of `handler.handleEvent` and `bot.handleEvent`: running one event outside a delivery (an inbox
 * worker, a replay, a test).
 *
 * @example
 * ```ts
 * await bot.handleEvent(event, { client: recordingClient });
 * await handler.handleEvent(event, { eventId: 'evt_1', botId: 'bot_1' });
 * ```
 */
export interface HandleEventOptions {
  /**
   * The Bot API client behind this event's `ctx.reply` / `ctx.client` (and the bot layer's `ctx.send`),
   * instead of the `client` option: the seam a test bot uses to answer through another client.
   * @default the handler's or the Bot's `client` option
   */
  readonly client?: ReplyClient | undefined;
  /**
   * `ctx.eventId`.
   * @default the event's `event_id`
   */
  readonly eventId?: string | undefined;
  /**
   * `ctx.botId`, and the bot whose client `ctx.client` is (when `client` is a function).
   * @default the event's `bot_id`
   */
  readonly botId?: string | undefined;
  /**
   * Wraps the Bot API client `ctx.reply` / `ctx.client` use for this event: the inbox worker puts its
   * send ledger around it here. Called at most once per bot id, on the first use.
   * @default undefined (the client as is)
   */
  readonly wrapClient?: ((client: ReplyClient) => ReplyClient) | undefined;
  /**
   * `ctx.coalesced`: the earlier messages of a burst this event ends, oldest first (an inbox worker with
   * its `coalesce` option passes them). Given as is, not validated.
   * @default [] (none)
   */
  readonly coalesced?: readonly MessageCreatedEvent[] | undefined;
}

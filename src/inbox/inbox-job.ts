import { withHandlerSpan } from '../bot/handler-span.js';
import type { MessageCreatedEvent } from '../momotalk/events/message-created-event.js';
import { parseWebhookEvent } from '../momotalk/events/parse-webhook-event.js';
import type { WebhookEvent } from '../momotalk/events/webhook-event.js';
import type { HandleEventOptions } from '../momotalk/handler/handle-event-options.js';
import type { ReplyClient } from '../momotalk/handler/webhook-context.js';
import type { TelemetrySpan } from '../telemetry/telemetry.js';

/**
 * One entry as a worker's `process` function gets it.
 *
 * @example
 * ```ts
 * const process = async (job: InboxJob) => {
 *   console.info(job.id, job.lane, job.attempt);
 * };
 * ```
 */
export interface InboxJob {
  /** The entry id: the event's dedupe key (`momotalk:<bot>:<event>`). */
  readonly id: string;
  /** Its lane (room): entries of one lane run one at a time, in order. */
  readonly lane: string;
  /** The stored payload: for MoMoTalk `{ event, eventId, botId }`. */
  readonly payload: { readonly [key: string]: unknown };
  /** This run's number: 1 for the first. */
  readonly attempt: number;
  /** When the webhook enqueued it, ms since the epoch. */
  readonly enqueuedAt: number;
  /**
   * With the worker's `coalesce` option: the earlier events of the burst this entry ends, oldest first,
   * which run as part of this one (they are acknowledged with it and never run on their own). Empty
   * otherwise.
   */
  readonly coalesced: readonly CoalescedEntry[];
  /**
   * Wraps a Bot API client in this entry's send ledger: each send is keyed by (entry id, send index) and
   * recorded around the POST, so a re-run skips the sends already confirmed.
   */
  ledger(client: ReplyClient): ReplyClient;
}

/**
 * An earlier event of a coalesced burst, in `job.coalesced` (see the worker's `coalesce` option).
 *
 * @example
 * ```ts
 * const process = async (job: InboxJob) => {
 *   for (const entry of job.coalesced) console.info('also', entry.id, entry.enqueuedAt);
 * };
 * ```
 */
export interface CoalescedEntry {
  /** The entry id (the event's dedupe key). */
  readonly id: string;
  /** Its stored payload: for MoMoTalk `{ event, eventId, botId }`. */
  readonly payload: { readonly [key: string]: unknown };
  /** When the webhook enqueued it, ms since the epoch. */
  readonly enqueuedAt: number;
}

/**
 * What a worker runs an entry through when given a `handler`: the MoMoTalk handler from
 * `createWebhookHandler` (its `handleEvent`), or any object with that method (the bot layer's `Bot`).
 *
 * @example
 * ```ts
 * const handler: InboxEventHandler = createWebhookHandler({ secret, client }).on('talk.message_created', onMessage);
 * ```
 */
export interface InboxEventHandler {
  /** Runs the routes for one event; throwing fails this run (retried with backoff, then dead-lettered). */
  handleEvent(event: WebhookEvent, options: HandleEventOptions): Promise<void>;
}

/**
 * @internal Runs a job through a handler: the stored event, its ids, the ledger around `ctx.client`, and
 * the handler span when traced (so a `Bot` names what handled the event on it), and the coalesced events (parsed: only `talk.message_created` events coalesce; a stored one that no longer
 * parses fails the run, like a malformed latest event).
 */
export function handlerProcess(
  handler: InboxEventHandler,
): (job: InboxJob, span?: TelemetrySpan) => Promise<void> {
  return (job, span) => {
    const { event, eventId, botId } = job.payload as {
      event: WebhookEvent;
      eventId?: string;
      botId?: string;
    };
    const coalesced =
      job.coalesced.length === 0
        ? undefined
        : job.coalesced.map(
            (entry) => parseWebhookEvent(entry.payload.event as object) as MessageCreatedEvent,
          );
    const options = { eventId, botId, wrapClient: (client: ReplyClient) => job.ledger(client), coalesced };
    return handler.handleEvent(event, withHandlerSpan(options, span));
  };
}

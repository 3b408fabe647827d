import type { WebhookEvent } from '../momotalk/events/webhook-event.js';
import type { HandleEventOptions } from '../momotalk/handler/handle-event-options.js';
import type { ReplyClient } from '../momotalk/handler/webhook-context.js';

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
   * Wraps a Bot API client in this entry's send ledger: each send is keyed by (entry id, send index) and
   * recorded around the POST, so a re-run skips the sends already confirmed.
   */
  ledger(client: ReplyClient): ReplyClient;
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

/** @internal Runs a job through a handler: the stored event, its ids, the ledger around `ctx.client`. */
export function handlerProcess(handler: InboxEventHandler): (job: InboxJob) => Promise<void> {
  return (job) => {
    const { event, eventId, botId } = job.payload as {
      event: WebhookEvent;
      eventId?: string;
      botId?: string;
    };
    return handler.handleEvent(event, { eventId, botId, wrapClient: (client) => job.ledger(client) });
  };
}

import type { IncomingDelivery } from '../../receiver/ports.js';
import type { MessageCreatedEvent } from '../events/message-created-event.js';
import type { WebhookEvent } from '../events/webhook-event.js';
import type { MoMoTalkItem } from '../provider.js';
import { budgeted } from './reply-budget.js';
import type { ReplyClient, WebhookContext, WebhookReplyContext } from './webhook-context.js';

const NONE: readonly never[] = Object.freeze([]);

/**
 * @internal The `ctx` of one event. A class so that creating one per delivery allocates one object and
 * nothing else: `client`, `header` and `reply` are prototype getters, each built on first use and kept.
 * `header` and `reply` are functions that do not depend on `this`, so `(event, { reply, header }) => …`
 * works.
 */
export class WebhookContextObject implements WebhookContext, WebhookReplyContext {
  readonly event: WebhookEvent;
  readonly eventId: string | undefined;
  readonly botId: string | undefined;
  readonly coalesced: readonly MessageCreatedEvent[];
  readonly #delivery: IncomingDelivery;
  readonly #clientFor: (botId: string | undefined) => ReplyClient;
  #client: ReplyClient | undefined;
  #header: WebhookContext['header'] | undefined;
  #reply: WebhookReplyContext['reply'] | undefined;
  /** `performance.now()` past which no reply is sent (the handler's `replyTimeout`), if any. */
  readonly #replyDeadline: number | undefined;
  readonly #replyTimeout: number | undefined;

  constructor(
    item: MoMoTalkItem,
    delivery: IncomingDelivery,
    clientFor: (botId: string | undefined) => ReplyClient,
    replyTimeout?: number,
    coalesced: readonly MessageCreatedEvent[] = NONE,
  ) {
    this.event = item.event;
    this.eventId = item.eventId;
    this.botId = item.botId;
    this.coalesced = coalesced;
    this.#delivery = delivery;
    this.#clientFor = clientFor;
    this.#replyTimeout = replyTimeout;
    this.#replyDeadline = replyTimeout === undefined ? undefined : performance.now() + replyTimeout;
  }

  get client(): ReplyClient {
    this.#client ??= this.#clientFor(this.botId);
    return this.#client;
  }

  get header(): WebhookContext['header'] {
    const delivery = this.#delivery;
    this.#header ??= (name) => delivery.header(name.toLowerCase());
    return this.#header;
  }

  get reply(): WebhookReplyContext['reply'] {
    this.#reply ??= (body, extra, options) => {
      const event = this.event;
      if (!isMessageCreatedEvent(event)) {
        throw new TypeError(
          `[momotalk-bot-sdk] ctx.reply: a ${String(event.event_type)} event has no message to answer; ` +
            'only talk.message_created events can be replied to. Use ctx.client.sendMessage({ room_id, body }).',
        );
      }
      const deadline = this.#replyDeadline;
      const bounded =
        deadline === undefined
          ? options
          : budgeted(options, deadline, this.#replyTimeout as number, this.botId);
      if (bounded instanceof Error) return Promise.reject(bounded);
      return this.client.reply(event, body, extra, bounded);
    };
    return this.#reply;
  }
}

function isMessageCreatedEvent(event: WebhookEvent): event is MessageCreatedEvent {
  return String(event.event_type) === 'talk.message_created';
}

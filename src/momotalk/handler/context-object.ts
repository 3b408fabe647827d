import type { IncomingDelivery } from '../../receiver/ports.js';
import type { MessageCreatedEvent } from '../events/message-created-event.js';
import type { WebhookEvent } from '../events/webhook-event.js';
import type { MoMoTalkItem } from '../provider.js';
import { ReplyBudget } from './reply-budget.js';
import type { ReplyClient, WebhookContext, WebhookReplyContext } from './webhook-context.js';

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
  readonly #delivery: IncomingDelivery;
  readonly #clientFor: (botId: string | undefined) => ReplyClient;
  #client: ReplyClient | undefined;
  #header: WebhookContext['header'] | undefined;
  #reply: WebhookReplyContext['reply'] | undefined;
  /** The handler's `replyTimeout`, counted from now, if one is set. */
  readonly #budget: ReplyBudget | undefined;

  constructor(
    item: MoMoTalkItem,
    delivery: IncomingDelivery,
    clientFor: (botId: string | undefined) => ReplyClient,
    replyTimeout?: number,
  ) {
    this.event = item.event;
    this.eventId = item.eventId;
    this.botId = item.botId;
    this.#delivery = delivery;
    this.#clientFor = clientFor;
    this.#budget = replyTimeout === undefined ? undefined : new ReplyBudget(replyTimeout);
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
      const budgeted = this.#budget === undefined ? options : this.#budget.apply(options, this.botId);
      if (budgeted instanceof Error) return Promise.reject(budgeted);
      return this.client.reply(event, body, extra, budgeted);
    };
    return this.#reply;
  }
}

function isMessageCreatedEvent(event: WebhookEvent): event is MessageCreatedEvent {
  return String(event.event_type) === 'talk.message_created';
}

import type { MessageCreatedEvent } from '../message-created-event.js';
import type { IncomingDelivery } from '../pipeline/delivery.js';
import type { WebhookEvent } from '../webhook-event.js';
import type { MoMoTalkItem } from './momotalk-delivery.js';
import type { ReplyClient, WebhookContext, WebhookReplyContext } from './webhook-context.js';

/**
 * @internal The `ctx` of one event. A class so that creating one per delivery allocates one object and
 * nothing else: `client`, `header` and `reply` are prototype getters, each built on first use and kept.
 * `header` and `reply` are functions that do not depend on `this`, so `(event, { reply, header }) => …`
 * works.
 */
export class HandlerContext implements WebhookContext, WebhookReplyContext {
  readonly event: WebhookEvent;
  readonly eventId: string | undefined;
  readonly botId: string | undefined;
  readonly #delivery: IncomingDelivery;
  readonly #clientFor: (botId: string | undefined) => ReplyClient;
  #client: ReplyClient | undefined;
  #header: WebhookContext['header'] | undefined;
  #reply: WebhookReplyContext['reply'] | undefined;

  constructor(
    item: MoMoTalkItem,
    delivery: IncomingDelivery,
    clientFor: (botId: string | undefined) => ReplyClient,
  ) {
    this.event = item.event;
    this.eventId = item.eventId;
    this.botId = item.botId;
    this.#delivery = delivery;
    this.#clientFor = clientFor;
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
      return this.client.reply(event, body, extra, options);
    };
    return this.#reply;
  }
}

function isMessageCreatedEvent(event: WebhookEvent): event is MessageCreatedEvent {
  return String(event.event_type) === 'talk.message_created';
}

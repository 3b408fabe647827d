import type { RequestOptions } from '../../client/client-options.js';
import type { SendMessageParams } from '../../client/send-message-params.js';
import type { SendMessageResult } from '../../client/send-message-result.js';
import type { MessageCreatedEvent } from '../message-created-event.js';
import type { IncomingDelivery } from '../pipeline/delivery.js';
import type { WebhookEvent } from '../webhook-event.js';
import type { MoMoTalkItem } from './momotalk-delivery.js';
import type { ReplyClient, WebhookContext } from './webhook-context.js';

/**
 * @internal The `ctx` of one event. A class (the `client` getter on the prototype) so creating one per
 * delivery is cheap; the client is looked up only if the handler uses it.
 */
export class HandlerContext implements WebhookContext {
  readonly event: WebhookEvent;
  readonly eventId: string | undefined;
  readonly botId: string | undefined;
  readonly #delivery: IncomingDelivery;
  readonly #clientFor: (botId: string | undefined) => ReplyClient;
  #client: ReplyClient | undefined;

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

  // Arrow properties, not methods, so `(event, { reply, header }) => …` works.
  readonly header = (name: string): string | undefined => this.#delivery.header(name.toLowerCase());

  readonly reply = async (
    body: string,
    extra?: Pick<SendMessageParams, 'metadata'>,
    options?: RequestOptions,
  ): Promise<SendMessageResult> => {
    const event = this.event;
    if (!isMessageCreatedEvent(event)) {
      throw new TypeError(
        `[momotalk-bot-sdk] ctx.reply: a ${String(event.event_type)} event has no message to answer; ` +
          'only talk.message_created events can be replied to. Use ctx.client.sendMessage({ room_id, body }).',
      );
    }
    return this.client.reply(event, body, extra, options);
  };
}

function isMessageCreatedEvent(event: WebhookEvent): event is MessageCreatedEvent {
  return String(event.event_type) === 'talk.message_created';
}

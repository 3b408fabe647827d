import type { MessageCreatedEvent } from '../message-created-event.js';
import type { IncomingDelivery } from '../pipeline/delivery.js';
import type { WebhookEvent } from '../webhook-event.js';
import type { MoMoTalkItem } from './momotalk-delivery.js';
import type { ReplyClient, WebhookContext } from './webhook-context.js';

/** @internal Builds the `ctx` of one event; the client is created only if the handler uses it. */
export function createHandlerContext(
  item: MoMoTalkItem,
  delivery: IncomingDelivery,
  clientFor: (botId: string | undefined) => ReplyClient,
): WebhookContext {
  const { event, eventId, botId } = item;
  let client: ReplyClient | undefined;
  const ctx: WebhookContext = {
    event,
    eventId,
    botId,
    header: (name) => delivery.header(name.toLowerCase()),
    get client() {
      client ??= clientFor(botId);
      return client;
    },
    reply: async (body, extra, options) => {
      if (!isMessageCreatedEvent(event)) {
        throw new TypeError(
          `[momotalk-bot-sdk] ctx.reply: a ${String(event.event_type)} event has no message to answer; ` +
            'only talk.message_created events can be replied to. Use ctx.client.sendMessage({ room_id, body }).',
        );
      }
      return ctx.client.reply(event, body, extra, options);
    },
  };
  return ctx;
}

function isMessageCreatedEvent(event: WebhookEvent): event is MessageCreatedEvent {
  return String(event.event_type) === 'talk.message_created';
}

import type { RequestOptions } from '../../client/client-options.js';
import { MoMoTalkTimeoutError } from '../../errors/timeout-error.js';
import type { IncomingDelivery } from '../../receiver/ports.js';
import type { MessageCreatedEvent } from '../events/message-created-event.js';
import type { WebhookEvent } from '../events/webhook-event.js';
import type { MoMoTalkItem } from '../provider.js';
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
  /** `performance.now()` past which no reply is sent (the handler's `replyTimeout`), if any. */
  readonly #replyDeadline: number | undefined;
  readonly #replyTimeout: number | undefined;

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

  /** `options` with the reply budget's remainder as `totalTimeout`; the error once the budget is spent. */
  #budgeted(options: RequestOptions | undefined): RequestOptions | undefined | MoMoTalkTimeoutError {
    if (this.#replyDeadline === undefined) return options;
    const left = Math.floor(this.#replyDeadline - performance.now());
    if (left < 1) {
      const path = `/bots/${encodeURIComponent(this.botId ?? '')}/messages`;
      return new MoMoTalkTimeoutError({
        method: 'POST',
        path,
        timeout: this.#replyTimeout ?? 0,
        kind: 'total',
      });
    }
    const own = options?.totalTimeout;
    return { ...options, totalTimeout: own === undefined ? left : Math.min(own, left) };
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
      const budgeted = this.#budgeted(options);
      if (budgeted instanceof Error) return Promise.reject(budgeted);
      return this.client.reply(event, body, extra, budgeted);
    };
    return this.#reply;
  }
}

/**
 * @internal Checks the handler's `replyTimeout` option.
 * @throws {TypeError} When it is not a number of milliseconds between 1 and 2147483647.
 */
export function checkReplyTimeout(value: number | undefined): number | undefined {
  if (value !== undefined && !(Number.isFinite(value) && value >= 1 && value <= 2_147_483_647)) {
    throw new TypeError(
      `[momotalk-bot-sdk] createWebhookHandler: replyTimeout must be a number of milliseconds between 1 and 2147483647, got ${value}.`,
    );
  }
  return value;
}

function isMessageCreatedEvent(event: WebhookEvent): event is MessageCreatedEvent {
  return String(event.event_type) === 'talk.message_created';
}

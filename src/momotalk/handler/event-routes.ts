import { isKnownWebhookEventType } from '../events/known-webhook-events.js';
import type { UnknownWebhookEvent } from '../events/unknown-webhook-event.js';
import type { WebhookEvent } from '../events/webhook-event.js';
import type { WebhookContext } from './webhook-context.js';
import type { EventHandler } from './webhook-handler-options.js';

type AnyHandler = (event: WebhookEvent, ctx: WebhookContext) => unknown;

/**
 * @internal The handlers of one webhook handler, by event type. Dispatch order for an event: the `.on()`
 * handlers for its type in registration order, then `onUnknown` (unknown types only), then `onEvent`;
 * each awaited before the next, the first to throw fails the delivery.
 */
export class EventRoutes {
  readonly #byType = new Map<string, AnyHandler[]>();
  readonly #onEvent: AnyHandler | undefined;
  readonly #onUnknown: AnyHandler | undefined;

  constructor(onEvent?: EventHandler<WebhookEvent>, onUnknown?: EventHandler<UnknownWebhookEvent>) {
    this.#onEvent = onEvent as AnyHandler | undefined;
    this.#onUnknown = onUnknown as AnyHandler | undefined;
  }

  add(type: string, handler: AnyHandler): void {
    const list = this.#byType.get(type);
    if (list === undefined) this.#byType.set(type, [handler]);
    else list.push(handler);
  }

  async dispatch(event: WebhookEvent, ctx: WebhookContext): Promise<void> {
    const type = String(event.event_type);
    for (const handler of this.#byType.get(type) ?? []) await handler(event, ctx);
    if (this.#onUnknown !== undefined && !isKnownWebhookEventType(type)) await this.#onUnknown(event, ctx);
    if (this.#onEvent !== undefined) await this.#onEvent(event, ctx);
  }
}

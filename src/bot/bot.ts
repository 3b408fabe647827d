import type { MessageCreatedEvent } from '../momotalk/events/message-created-event.js';
import { parseWebhookEvent, type WebhookEventInput } from '../momotalk/events/parse-webhook-event.js';
import type { WebhookEvent } from '../momotalk/events/webhook-event.js';
import type { WebhookHandler } from '../momotalk/handler/create-webhook-handler.js';
import type { HandleEventOptions } from '../momotalk/handler/handle-event-options.js';
import { checkReplyTimeout } from '../momotalk/handler/reply-budget.js';
import { resolveCheck, resolveClient } from '../momotalk/handler/resolve-handler-options.js';
import type { ReplyClient, WebhookContext } from '../momotalk/handler/webhook-context.js';
import type {
  EventHandler,
  EventOfType,
  EventTypeName,
} from '../momotalk/handler/webhook-handler-options.js';
import { momotalkProvider } from '../momotalk/provider.js';
import { createReceiver } from '../receiver/create-receiver.js';
import { mountReceiver } from '../receiver/mount-receiver.js';
import type { IncomingDelivery } from '../receiver/ports.js';
import type { BotErrorHandler, BotOptions, ContextConstructor } from './bot-options.js';
import { endOfChain } from './compose.js';
import { Composer } from './composer.js';
import { Context } from './context.js';
import { handlerSpanOf, traceHandler } from './handler-span.js';
import { webhookContextOf } from './webhook-context-of.js';

const CALLER = 'new Bot';

/**
 * A MoMoTalk bot: a {@link Composer} (middleware, `on`, `command`, `hears`, …) with the webhook pipeline
 * underneath. `bot.webhook()` is the same Fetch handler as `createWebhookHandler` (verification, dedupe,
 * acknowledgement modes, limits, answers; every adapter mounts it); `bot.handleEvent(event)` runs the
 * chain for an event obtained another way (a queue, a test).
 *
 * Errors: one thrown in middleware goes to the innermost `errorBoundary` around it, else to `bot.catch`,
 * then fails the delivery as a handler error does (`onError`, 500, the dedupe claim released, so the
 * platform's redelivery runs it again); nothing is lost.
 *
 * @typeParam C - The context type: `Context`, a subclass (with `contextConstructor`), or `Context & Flavor`.
 *
 * @example
 * ```ts
 * import { Bot, BotClient } from 'momotalk-bot-sdk';
 *
 * const bot = new Bot({ client: new BotClient() }); // MOMOTALK_WEBHOOK_SECRET, MOMOTALK_BOT_ID, MOMOTALK_BOT_TOKEN
 * bot.command('help', (ctx) => ctx.reply('Commands: /help, /echo <text>'));
 * bot.command('echo', (ctx) => ctx.reply(ctx.match || 'Echo what?'));
 * bot.hears(/^주문\s+(\d+)$/, (ctx) => ctx.reply(`주문 ${ctx.match[1]}번을 확인했어요`));
 * bot.on('message:TEXT', (ctx) => ctx.reply(`Echo: ${ctx.text}`));
 * bot.catch((error, ctx) => console.error('bot failed', ctx.eventId, error));
 *
 * export default { fetch: bot.webhook() };
 * ```
 */
export class Bot<C extends Context = Context> extends Composer<C> {
  readonly #options: BotOptions<C>;
  readonly #clientFor: (botId: string | undefined) => ReplyClient;
  readonly #replyTimeout: number | undefined;
  readonly #Context: ContextConstructor<C>;
  #catch: BotErrorHandler<C> | undefined;
  #webhook: WebhookHandler | undefined;

  /**
   * @param options - The webhook handler's options (minus `onEvent` / `onUnknown`), `contextConstructor`
   * and `botName`; see {@link BotOptions}.
   * @throws {TypeError} When `onEvent` or `onUnknown` is given, more than one of `secret` / `secrets` /
   * `getSecret` is given, a given secret is empty or a placeholder, or `contextConstructor`, `botName` or
   * `replyTimeout` is invalid.
   */
  constructor(options: BotOptions<C> = {}) {
    super();
    const given = options as BotOptions<C> & { onEvent?: unknown; onUnknown?: unknown };
    if (given.onEvent !== undefined || given.onUnknown !== undefined) {
      throw new TypeError(
        `[momotalk-bot-sdk] ${CALLER}: onEvent and onUnknown are createWebhookHandler options; on a Bot use ` +
          "bot.use((ctx, next) => …) for every event and bot.on(unknownEventType('…'), …) or bot.filter(…) for unknown ones.",
      );
    }
    if (options.contextConstructor !== undefined && typeof options.contextConstructor !== 'function') {
      throw new TypeError(
        `[momotalk-bot-sdk] ${CALLER}: contextConstructor must be a class extending Context.`,
      );
    }
    if (options.botName !== undefined && (typeof options.botName !== 'string' || options.botName === '')) {
      throw new TypeError(`[momotalk-bot-sdk] ${CALLER}: botName must be a non-empty string.`);
    }
    if (options.secret !== undefined || options.secrets !== undefined || options.getSecret !== undefined) {
      resolveCheck(options, CALLER); // a wrong secret fails here; a missing one only at webhook()
    }
    this.#options = options;
    this.#clientFor = resolveClient(options.client, CALLER);
    this.#replyTimeout = checkReplyTimeout(options.replyTimeout, CALLER);
    this.#Context = options.contextConstructor ?? (Context as unknown as ContextConstructor<C>);
  }

  /**
   * Sets the handler of errors no `errorBoundary` handled (replacing an earlier one). It observes: the
   * delivery still fails afterwards (`onError`, 500, redelivery), and `handleEvent` still rejects.
   *
   * @param handler - `(error, ctx) => …`, possibly async.
   * @returns This bot.
   * @throws {TypeError} When `handler` is not a function.
   */
  catch(handler: BotErrorHandler<C>): this {
    if (typeof handler !== 'function') {
      throw new TypeError('[momotalk-bot-sdk] bot.catch: pass a function (error, ctx) => ….');
    }
    this.#catch = handler;
    return this;
  }

  /**
   * The bot's webhook endpoint: the Fetch handler `createWebhookHandler` would make with the same options,
   * running this bot's chain for each verified, deduplicated event. Mount it as is (Hono, Bun, Deno,
   * Workers, Next.js) or through an adapter (`toNodeListener(bot.webhook())`). Built on the first call
   * and the same object afterwards. Its `.on(type, (event, ctx) => …)` adds a handler at the end of the
   * bot's chain; its `ctx` is the handler's (`event`, `eventId`, `botId`, `coalesced`, `header`, `client`,
   * `reply`), read from this bot's context, and its `reply` and `header` work destructured
   * (`(event, { reply }) => …`).
   *
   * @returns The handler.
   * @throws {TypeError} When no secret is configured (nor `MOMOTALK_WEBHOOK_SECRET`), or a pipeline option
   * (`maxBodyBytes`, `dedupe`, `acknowledge`, …) is invalid.
   */
  webhook(): WebhookHandler {
    if (this.#webhook !== undefined) return this.#webhook;
    const check = resolveCheck(this.#options, CALLER);
    const receiver = createReceiver(
      {
        ...momotalkProvider(check),
        caller: CALLER,
        process: (item, delivery, span) => {
          const ctx = this.#context(item.event, item.eventId, item.botId, delivery, this.#clientFor);
          traceHandler(ctx, span);
          return this.#run(ctx);
        },
      },
      this.#options,
    );
    const handler: WebhookHandler = mountReceiver(receiver, {
      // An inbox worker (or a replay) runs stored events through the bot's chain.
      handleEvent: (input: WebhookEventInput, options?: HandleEventOptions): Promise<void> =>
        this.handleEvent(parseWebhookEvent(input), options),
      on: <T extends EventTypeName>(type: T, fn: EventHandler<EventOfType<T>>): WebhookHandler => {
        if (typeof type !== 'string' || type === '' || typeof fn !== 'function') {
          throw new TypeError(
            `[momotalk-bot-sdk] handler.on: pass an event type and a function, e.g. .on('talk.message_created', (event, ctx) => …).`,
          );
        }
        this.use((ctx, next) =>
          String(ctx.event.event_type) === type
            ? (fn as unknown as (event: WebhookEvent, ctx: WebhookContext) => unknown)(
                ctx.event,
                webhookContextOf(ctx),
              )
            : next(),
        );
        return handler;
      },
    });
    this.#webhook = handler;
    return handler;
  }

  /**
   * Runs the chain for one event obtained another way than a webhook delivery (a queue, a test), with
   * no verification and no deduplication (the caller has done both). Errors go through `errorBoundary`
   * and `bot.catch`, then reject the returned promise.
   *
   * The event should come from `parseWebhookEvent` (or the test factories): only its shape is checked
   * here, not its fields.
   *
   * @param event - A parsed `WebhookEvent`.
   * @param options - `client`: the Bot API client for this event's `ctx.reply` / `ctx.send` / `ctx.client`.
   * @returns Resolves when the chain has finished.
   * @throws {TypeError} When `event` is not an object with a string `event_type`, or a
   * `talk.message_created` without a `message` object.
   * @throws What the middleware threw and no `errorBoundary` handled.
   */
  async handleEvent(event: WebhookEvent, options?: HandleEventOptions): Promise<void> {
    const fields = event as unknown as {
      event_type?: unknown;
      message?: unknown;
      event_id?: unknown;
      bot_id?: unknown;
    };
    if (
      typeof fields !== 'object' ||
      fields === null ||
      typeof fields.event_type !== 'string' ||
      (fields.event_type === 'talk.message_created' &&
        (typeof fields.message !== 'object' || fields.message === null))
    ) {
      throw new TypeError(
        '[momotalk-bot-sdk] bot.handleEvent: pass a parsed event (parseWebhookEvent(body)), an object with event_type.',
      );
    }
    const client = options?.client;
    const wrap = options?.wrapClient;
    const base = client === undefined ? this.#clientFor : () => client;
    const clientFor = wrap === undefined ? base : (botId: string | undefined) => wrap(base(botId));
    const eventId = options?.eventId ?? idString(fields.event_id);
    const botId = options?.botId ?? idString(fields.bot_id);
    const ctx = this.#context(event, eventId, botId, undefined, clientFor, options?.coalesced);
    traceHandler(ctx, handlerSpanOf(options));
    await this.#run(ctx);
  }

  #context(
    event: WebhookEvent,
    eventId: string | undefined,
    botId: string | undefined,
    delivery: IncomingDelivery | undefined,
    clientFor: (botId: string | undefined) => ReplyClient,
    coalesced?: readonly MessageCreatedEvent[],
  ): C {
    return new this.#Context({
      event,
      eventId,
      botId,
      botName: this.#options.botName,
      header: delivery === undefined ? undefined : (name) => delivery.header(name),
      clientFor,
      replyTimeout: this.#replyTimeout,
      coalesced,
    });
  }

  async #run(ctx: C): Promise<void> {
    try {
      await this.middleware()(ctx, endOfChain);
    } catch (error) {
      if (this.#catch !== undefined) await this.#catch(error, ctx);
      throw error;
    }
  }
}

function idString(value: unknown): string | undefined {
  return (typeof value === 'string' && value !== '') || typeof value === 'number' ? String(value) : undefined;
}

import type { RequestOptions } from '../client/client-options.js';
import type { SendMessageParams } from '../client/send-message-params.js';
import type { SendMessageResult } from '../client/send-message-result.js';
import type { MessageCreatedEvent } from '../momotalk/events/message-created-event.js';
import type { Message, MoMoTalkId } from '../momotalk/events/message-schema.js';
import type { WebhookEvent } from '../momotalk/events/webhook-event.js';
import { budgeted } from '../momotalk/handler/reply-budget.js';
import type { ReplyClient } from '../momotalk/handler/webhook-context.js';

/** Set by {@link Context}'s static block: reads a context's reply budget (a private field) from outside. */
let budgetOf: (ctx: object, options: RequestOptions | undefined) => RequestOptions | undefined | Error;

/**
 * @internal The request options a send made for `ctx` gets: `options` within what is left of the Bot's
 * `replyTimeout` (as `ctx.reply` gets them), or the `MoMoTalkTimeoutError` to reject with once it is
 * spent. For sends that go to another message than `ctx`'s (a conversation's `reply` to an earlier
 * answer). An object that is not a {@link Context} has no budget: `options` unchanged.
 */
export function replyOptions(
  ctx: object,
  options: RequestOptions | undefined,
): RequestOptions | undefined | Error {
  return budgetOf(ctx, options);
}

/**
 * What a {@link Context} is built from: one per event, made by the {@link Bot}. A custom context class
 * takes it in its constructor and passes it on to `super(init)`.
 *
 * @example
 * ```ts
 * class MyContext extends Context {
 *   readonly startedAt = Date.now();
 *   constructor(init: ContextInit) {
 *     super(init);
 *   }
 * }
 * const bot = new Bot<MyContext>({ contextConstructor: MyContext });
 * ```
 */
export interface ContextInit {
  /** The event being handled. */
  readonly event: WebhookEvent;
  /** Its id (the signed `event_id`, else the `X-MoMoTalk-Event-Id` header). */
  readonly eventId: string | undefined;
  /** The bot it is for (the `X-MoMoTalk-Bot-Id` header, else the body's `bot_id`). */
  readonly botId: string | undefined;
  /** The name `/command@name` may address this bot with (the Bot's `botName` option). */
  readonly botName: string | undefined;
  /** Reads a header of the delivery by its lower-case name; absent for events not from a delivery. */
  readonly header: ((lowerCaseName: string) => string | undefined) | undefined;
  /** The Bot API client for a bot id. */
  readonly clientFor: (botId: string | undefined) => ReplyClient;
  /** The reply budget in milliseconds, counted from when the context is made. */
  readonly replyTimeout: number | undefined;
  /**
   * The earlier messages of a coalesced burst (`HandleEventOptions.coalesced`).
   * @default [] (none)
   */
  readonly coalesced?: readonly MessageCreatedEvent[] | undefined;
}

const NONE: readonly never[] = Object.freeze([]);

/**
 * The `this` that `ctx.reply` and `ctx.send` need: a context whose event is a `talk.message_created`.
 * A context narrowed by `on('message')`, `on('message:TEXT')`, `command` or `hears` is one; the context of
 * `use` (every event) is not, so `ctx.reply(…)` there does not compile.
 *
 * @example
 * ```ts
 * const greet = (ctx: MessageContext) => ctx.reply('hi');
 * bot.on('message', (ctx) => greet(ctx));
 * ```
 */
export interface MessageContext {
  /** A `talk.message_created` event. */
  readonly event: MessageCreatedEvent;
}

/**
 * The `ctx` of the bot layer: one object per event, passed to every middleware. Shortcuts read the event
 * (`ctx.message`, `ctx.text`, `ctx.roomId`, `ctx.senderId`) and are `undefined` where it has no such
 * thing; the filters (`on('message:TEXT')`, `command`, `hears`) narrow them to defined types. `ctx.reply`
 * and `ctx.send` compile only where the event is known to be a message.
 *
 * Extend it with a subclass (`new Bot<MyContext>({ contextConstructor: MyContext })`) or with properties
 * that a middleware sets (`Bot<Context & MyFlavor>`).
 *
 * @example
 * ```ts
 * bot.on('message:TEXT', async (ctx) => {
 *   console.info(ctx.eventId, ctx.roomId, ctx.senderId);
 *   await ctx.reply(`Echo: ${ctx.text}`);
 * });
 * ```
 */
export class Context {
  /** The event being handled; narrowed by the filters (`MessageCreatedEvent` after `on('message')`). */
  readonly event: WebhookEvent;
  /**
   * The event id: the signed body's `event_id`, else (an unknown event type without one, from a delivery)
   * the `X-MoMoTalk-Event-Id` header. `undefined` only for an event that carries neither.
   */
  readonly eventId: string | undefined;
  /** The bot the event is for: `X-MoMoTalk-Bot-Id`, else the body's `bot_id`. */
  readonly botId: string | undefined;
  /** The Bot's `botName` option: `/command@<botName>` addresses this bot. */
  readonly botName: string | undefined;
  /**
   * With an inbox worker's `coalesce` option: the earlier messages of the burst this event ends (same
   * sender, same room), oldest first. They were not handled on their own and will not be: this run
   * answers for all of them (`[...ctx.coalesced.map((e) => e.message.body), ctx.text]`). Empty for a
   * delivery and whenever nothing was coalesced.
   */
  readonly coalesced: readonly MessageCreatedEvent[];
  /**
   * What the filter that ran this middleware matched: the argument string of a `command` (`'hi'` for
   * `/echo hi`, `''` for none), the message text of a string `hears`, the `RegExpMatchArray` of a RegExp
   * `hears`. `undefined` before any of them matched. Typed `unknown` here and precisely in the handlers of
   * `command` (`string`) and `hears` (`string` or `RegExpMatchArray`), where it is set.
   */
  match: unknown;
  readonly #header: ContextInit['header'];
  readonly #clientFor: ContextInit['clientFor'];
  /** `performance.now()` past which no reply is sent (the Bot's `replyTimeout`), if one is set. */
  readonly #replyDeadline: number | undefined;
  readonly #replyTimeout: number | undefined;
  /** Read once: every filter of every middleware asks for it. */
  readonly #message: Message | undefined;
  #client: ReplyClient | undefined;

  /**
   * Made by the {@link Bot} for each event; subclasses take the same argument and pass it to `super`.
   * @param init - The event and what the context needs to answer it.
   */
  constructor(init: ContextInit) {
    this.event = init.event;
    this.eventId = init.eventId;
    this.botId = init.botId;
    this.botName = init.botName;
    this.coalesced = init.coalesced ?? NONE;
    this.match = undefined;
    this.#header = init.header;
    this.#clientFor = init.clientFor;
    this.#replyTimeout = init.replyTimeout;
    this.#replyDeadline = init.replyTimeout === undefined ? undefined : performance.now() + init.replyTimeout;
    this.#message = isMessageEvent(init.event) ? init.event.message : undefined;
  }

  /** The message of a `talk.message_created` event; `undefined` for other events. */
  get message(): Message | undefined {
    return this.#message;
  }

  /** The body of a `TEXT` message; `undefined` for other message types and other events. */
  get text(): string | undefined {
    const message = this.#message;
    return message !== undefined && message.message_type === 'TEXT' ? message.body : undefined;
  }

  /** The room of the message (`message.room_id`); `undefined` for events without a message. */
  get roomId(): MoMoTalkId | undefined {
    return this.#message?.room_id;
  }

  /** Who wrote the message (`message.sender_user_id`); `undefined` for events without a message. */
  get senderId(): string | undefined {
    return this.#message?.sender_user_id;
  }

  /**
   * The Bot API client from the Bot's `client` option (for this event's bot when it is a function), or
   * the one passed to `bot.handleEvent(event, { client })`.
   * @throws {TypeError} When reading it and no client was configured: the client is never created
   * implicitly, so a webhook-only function does not bundle the HTTP client.
   */
  get client(): ReplyClient {
    this.#client ??= this.#clientFor(this.botId);
    return this.#client;
  }

  /**
   * Reads a header of the delivery by name (any case); `undefined` when absent, and always for an event
   * given to `bot.handleEvent` (no delivery).
   * @param name - The header name.
   */
  header(name: string): string | undefined {
    return this.#header?.(String(name).toLowerCase());
  }

  /**
   * Answers the message in its room, quoting it (`reply_to_message_id`), within what is left of the
   * Bot's `replyTimeout` when one is set. Compiles only where the event is a message.
   *
   * @param body - The text to send; an empty body is refused by the client (TypeError).
   * @param extra - `metadata` to attach.
   * @param options - Per-call request options (`signal`, `timeout`, …).
   * @throws {TypeError} When no client is configured, when the event has no message (JavaScript callers),
   * or when the parameters are invalid.
   * @throws {MoMoTalkTimeoutError} When the reply budget is spent (nothing is sent).
   * @throws The errors of `BotClient.sendMessage` (`MoMoTalkApiError` and others).
   */
  reply(
    this: MessageContext,
    body: string,
    extra?: Pick<SendMessageParams, 'metadata'>,
    options?: RequestOptions,
  ): Promise<SendMessageResult> {
    return (this as unknown as Context).#post('reply', body, extra, options);
  }

  /**
   * Posts in the message's room without quoting it, within the reply budget like {@link Context.reply}.
   * Compiles only where the event is a message.
   *
   * @param body - The text to send.
   * @param extra - `metadata` to attach.
   * @param options - Per-call request options.
   * @throws The same as {@link Context.reply}.
   */
  send(
    this: MessageContext,
    body: string,
    extra?: Pick<SendMessageParams, 'metadata'>,
    options?: RequestOptions,
  ): Promise<SendMessageResult> {
    return (this as unknown as Context).#post('send', body, extra, options);
  }

  /** `reply` and `send`: into the message's room, quoting it for `reply`, within the reply budget. */
  #post(
    method: 'reply' | 'send',
    body: string,
    extra: Pick<SendMessageParams, 'metadata'> | undefined,
    options: RequestOptions | undefined,
  ): Promise<SendMessageResult> {
    const message = this.#messageFor(method);
    const budgeted = this.#budgeted(options);
    if (budgeted instanceof Error) return Promise.reject(budgeted);
    const quote = method === 'reply' ? { reply_to_message_id: message.message_id } : undefined;
    return this.client.sendMessage({ ...extra, room_id: message.room_id, ...quote, body }, budgeted);
  }

  #messageFor(method: string): Message {
    const message = this.#message;
    if (message === undefined) {
      throw new TypeError(
        `[momotalk-bot-sdk] ctx.${method}: a ${String(this.event.event_type)} event has no message to answer; ` +
          "only talk.message_created events can (filter with bot.on('message', …)). Use ctx.client.sendMessage({ room_id, body }).",
      );
    }
    return message;
  }

  static {
    budgetOf = (ctx, options) => (#replyDeadline in ctx ? ctx.#budgeted(options) : options);
  }

  #budgeted(options: RequestOptions | undefined): RequestOptions | undefined | Error {
    const deadline = this.#replyDeadline;
    if (deadline === undefined) return options;
    return budgeted(options, deadline, this.#replyTimeout as number, this.botId);
  }
}

/** @internal Whether the event is a `talk.message_created` carrying a message object. */
export function isMessageEvent(event: WebhookEvent): event is MessageCreatedEvent {
  return (
    String(event.event_type) === 'talk.message_created' &&
    typeof (event as { message?: unknown }).message === 'object' &&
    (event as { message?: unknown }).message !== null
  );
}

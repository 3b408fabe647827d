import type { WebhookEventMap, WebhookEventType } from '../momotalk/events/known-webhook-events.js';
import type { MessageCreatedEvent } from '../momotalk/events/message-created-event.js';
import type { Message, MoMoTalkId } from '../momotalk/events/message-schema.js';
import type { UnknownWebhookEvent } from '../momotalk/events/unknown-webhook-event.js';
import type { UnknownEventTypeName } from '../momotalk/handler/unknown-event-type.js';
import type { Context } from './context.js';

/**
 * What `on()` filters by:
 * - an event type: `'talk.message_created'`, or one this SDK does not know, marked with
 *   `unknownEventType('…')`;
 * - `'message'`: any message (the same events as `'talk.message_created'`);
 * - `'message:TEXT'`: a message whose `message_type` is `TEXT` (the one type the platform documents).
 *
 * Any other string does not compile, so a typo cannot register a handler that never runs. Other message
 * types: `bot.filter((ctx) => ctx.message?.message_type === 'IMAGE', …)`.
 *
 * @example
 * ```ts
 * const query: FilterQuery = 'message:TEXT';
 * bot.on(query, (ctx) => ctx.reply(ctx.text));
 * ```
 */
export type FilterQuery = WebhookEventType | 'message' | 'message:TEXT' | UnknownEventTypeName;

/**
 * A `TEXT` message: its `message_type` is `'TEXT'`.
 *
 * @example
 * ```ts
 * const isText = (message: Message): message is TextMessage => message.message_type === 'TEXT';
 * ```
 */
export type TextMessage = Message & {
  /** Always `'TEXT'`. */
  readonly message_type: 'TEXT';
};

/**
 * What a message filter adds to the context's type: the event is a `talk.message_created` and the
 * shortcuts are defined.
 *
 * @example
 * ```ts
 * type Narrowed = Context & MessageFlavor<TextMessage, string>;
 * ```
 */
export interface MessageFlavor<
  M extends Message = Message,
  T extends string | undefined = string | undefined,
> {
  /** A `talk.message_created` event carrying `M`. */
  readonly event: MessageCreatedEvent & {
    /** The message, narrowed like `ctx.message`. */
    readonly message: M;
  };
  /** The message. */
  readonly message: M;
  /** The body of a `TEXT` message (`string` after `'message:TEXT'`, `command` and `hears`). */
  readonly text: T;
  /** The message's room. */
  readonly roomId: MoMoTalkId;
  /** The message's author. */
  readonly senderId: string;
}

/**
 * What `on(query)` adds to the context's type, by query (distributes over a union, as `on([a, b])` gives).
 *
 * @example
 * ```ts
 * type T = FilterFlavor<'message:TEXT'>; // MessageFlavor<TextMessage, string>
 * ```
 */
export type FilterFlavor<Q extends FilterQuery> = Q extends 'message' | 'talk.message_created'
  ? MessageFlavor
  : Q extends 'message:TEXT'
    ? MessageFlavor<TextMessage, string>
    : Q extends WebhookEventType
      ? {
          /** The event of that type. */
          readonly event: WebhookEventMap[Q];
        }
      : {
          /** An event of a type this SDK does not know. */
          readonly event: UnknownWebhookEvent;
        };

/**
 * The context of a handler registered with `on(query)`: `C` narrowed by the query.
 *
 * @example
 * ```ts
 * const onText = (ctx: Filter<Context, 'message:TEXT'>) => ctx.reply(ctx.text.toUpperCase());
 * ```
 */
export type Filter<C extends Context, Q extends FilterQuery> = C & FilterFlavor<Q>;

/**
 * @internal The run-time test for one query or a list (any of them). `message:<TYPE>` compares the
 * `message_type` exactly; any other string is an event type, compared exactly.
 * @throws {TypeError} When the query is not a non-empty string or a non-empty list of them.
 */
export function filterPredicate(query: unknown, caller: string): (ctx: Context) => boolean {
  if (Array.isArray(query)) {
    if (query.length === 0) throw badQuery(caller);
    const tests = query.map((one) => filterPredicate(one, caller));
    if (tests.length === 1) return tests[0] as (ctx: Context) => boolean;
    return (ctx) => tests.some((test) => test(ctx));
  }
  if (typeof query !== 'string' || query === '') throw badQuery(caller);
  if (query === 'message' || query === 'talk.message_created') return (ctx) => ctx.message !== undefined;
  if (query.startsWith('message:')) {
    const type = query.slice('message:'.length);
    if (type === '') throw badQuery(caller);
    return (ctx) => ctx.message?.message_type === type;
  }
  return (ctx) => String(ctx.event.event_type) === query;
}

function badQuery(caller: string): TypeError {
  return new TypeError(
    `[momotalk-bot-sdk] ${caller}: pass a filter query such as 'message', 'message:TEXT', 'talk.message_created' ` +
      "or unknownEventType('…'), or a non-empty list of them.",
  );
}

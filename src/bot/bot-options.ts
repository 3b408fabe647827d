import type { WebhookHandlerOptions } from '../momotalk/handler/webhook-handler-options.js';
import type { Context, ContextInit } from './context.js';

/**
 * A context class: `new (init) => C`, a subclass of {@link Context} taking the same argument.
 *
 * @example
 * ```ts
 * class MyContext extends Context {
 *   get isStaff(): boolean {
 *     return staff.has(this.senderId ?? '');
 *   }
 * }
 * const Ctor: ContextConstructor<MyContext> = MyContext;
 * ```
 */
export type ContextConstructor<C extends Context> = new (init: ContextInit) => C;

/**
 * What `bot.catch` calls with an error no `errorBoundary` handled: the error and the context. The delivery
 * then fails as it would without it (`onError`, 500, the dedupe claim released, so a redelivery runs
 * again), and `bot.handleEvent` rejects with the error. An error it throws replaces the original.
 *
 * @example
 * ```ts
 * const onBotError: BotErrorHandler<Context> = (error, ctx) => console.error('bot failed', ctx.eventId, error);
 * bot.catch(onBotError);
 * ```
 */
export type BotErrorHandler<C extends Context> = (error: unknown, ctx: C) => unknown;

/**
 * Options of {@link Bot}: those of `createWebhookHandler` (secret, `botId`, `client`, `dedupe`,
 * `acknowledge`, limits, `onError`, `onRejected`, `replyTimeout`, with the same `MOMOTALK_*` environment
 * fallbacks), without its routing hooks: `onEvent` is `bot.use(…)` at the end of the chain and `onUnknown`
 * is `bot.on(unknownEventType('…'), …)` or `bot.filter(…)`. Passing them throws a `TypeError`.
 * `replyTimeout` bounds `ctx.reply`, `ctx.send` and a conversation's sends (prompts, `reply`, `send`) alike.
 *
 * The secret is needed only by `bot.webhook()` (checked there, with the pipeline's limits), so a bot
 * driven by `handleEvent` alone (a queue worker, a test) needs none.
 *
 * @example
 * ```ts
 * const options: BotOptions = {
 *   secret: process.env.MOMOTALK_WEBHOOK_SECRET,
 *   client: new BotClient(),
 *   botName: 'helper',
 * };
 * const bot = new Bot(options);
 * ```
 */
export interface BotOptions<C extends Context = Context>
  extends Omit<WebhookHandlerOptions, 'onEvent' | 'onUnknown'> {
  /**
   * The class made for each event, for a custom context type (`new Bot<MyContext>({ contextConstructor:
   * MyContext })`).
   * @default Context
   */
  readonly contextConstructor?: ContextConstructor<C> | undefined;
  /**
   * A name users may address this bot with in `/command@name` (any case); the bot id is always accepted
   * there. The platform documents no mention syntax, so a command addressed to any other name is not
   * this bot's.
   * @default undefined (only `/command` and `/command@<botId>`)
   */
  readonly botName?: string | undefined;
}

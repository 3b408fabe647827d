import type { MiddlewareFn } from '../middleware.js';
import type { Conversation } from './conversation.js';
import type { ConversationContext } from './conversation-context.js';
import { hostOf } from './conversations.js';

/**
 * A conversation's code: plain async code that waits for the user with `conversation.wait()` /
 * `conversation.ask()`, and runs side effects once with `conversation.step()`. `ctx` is the message that
 * entered the conversation (replay-safe: see {@link Conversation}).
 *
 * @example
 * ```ts
 * const fn: ConversationFunction = async (conversation, ctx) => {
 *   const city = await conversation.ask('Which city?');
 *   await ctx.reply(`Noted: ${city}`);
 * };
 * ```
 */
export type ConversationFunction = (conversation: Conversation, ctx: ConversationContext) => unknown;

/**
 * Options of {@link createConversation}.
 *
 * @example
 * ```ts
 * createConversation('signup', fn, { timeout: 10 * 60_000, cancelOn: /^(취소|\/cancel)$/i });
 * ```
 */
export interface CreateConversationOptions {
  /**
   * How long the conversation waits for the user's next message, in milliseconds. After it, the
   * conversation is over (its state expires from the storage) and the next message is handled as if there
   * were none.
   * @default 3600000 (one hour)
   */
  readonly timeout?: number;
  /**
   * Messages that leave the conversation: the state is deleted and the message goes on down the chain,
   * so a handler such as `bot.command('cancel', …)` can answer it. A RegExp is tested against the text; a
   * list of strings is compared to the trimmed text.
   * @default undefined (only the timeout or ctx.conversation.exit() ends it early)
   */
  readonly cancelOn?: RegExp | readonly string[];
}

/**
 * Registers a conversation: `ctx.conversation.enter(name)` in a later handler starts it, and while it
 * runs, every message of the same user in the same room goes to it (and not further down the chain);
 * other users and other rooms are not disturbed. Needs `bot.use(conversations())` before it.
 *
 * Mechanism (the rules are in {@link Conversation}): replay with a journal. Each message runs `fn` again
 * from the top; `wait`, `ask`, `step`, `reply` and `send` return their journaled results, so side effects
 * in `step` run once, and the state (the messages and the journal, JSON in the session storage) lets the
 * conversation continue after a restart, on any instance. A conversation takes at most 200 messages: the
 * 201st ends it with a `MoMoTalkError` (each message replays all before it, so the bound keeps the state
 * and the work per message bounded).
 *
 * @param name - The name `enter` uses; unique per bot.
 * @param fn - The conversation's code.
 * @param options - `timeout` and `cancelOn`.
 * @returns A middleware for `bot.use`, before the handlers that enter it.
 * @throws {TypeError} When `name` is empty, `fn` is not a function, or an option is invalid.
 *
 * @example
 * ```ts
 * bot.use(conversations());
 * bot.use(
 *   createConversation('signup', async (conversation, ctx) => {
 *     const name = await conversation.ask('이름을 알려주세요', z.string().min(1));
 *     const age = await conversation.ask('나이는요?', z.coerce.number().int().min(14), { retry: '숫자로 보내주세요' });
 *     await conversation.step('save', () => db.users.insert({ name, age }));
 *     await ctx.reply(`환영합니다, ${name}님!`);
 *   }, { timeout: 10 * 60_000, cancelOn: /^(취소|\/cancel)$/i }),
 * );
 * bot.command('signup', (ctx) => ctx.conversation.enter('signup'));
 * ```
 */
export function createConversation<C extends object>(
  name: string,
  fn: ConversationFunction,
  options: CreateConversationOptions = {},
): MiddlewareFn<C> {
  if (typeof name !== 'string' || name === '') {
    throw new TypeError('[momotalk-bot-sdk] createConversation: name must be a non-empty string.');
  }
  if (typeof fn !== 'function') {
    throw new TypeError(
      `[momotalk-bot-sdk] createConversation('${name}'): pass an async function (conversation, ctx) => ….`,
    );
  }
  const timeout = options.timeout ?? 3_600_000;
  if (!(Number.isFinite(timeout) && timeout > 0)) {
    throw new TypeError(
      `[momotalk-bot-sdk] createConversation('${name}'): timeout must be a positive number of milliseconds.`,
    );
  }
  const { cancelOn } = options;
  if (cancelOn !== undefined && !(cancelOn instanceof RegExp) && !Array.isArray(cancelOn)) {
    throw new TypeError(
      `[momotalk-bot-sdk] createConversation('${name}'): cancelOn must be a RegExp or an array of strings.`,
    );
  }
  const definition = { fn, ttl: timeout };
  return async (ctx, next) => {
    const host = hostOf(ctx, name);
    if (host === undefined) return next(); // not a message of a user in a room: no conversation
    host.definitions.set(name, definition);
    const state = host.state;
    if (state === undefined || state.name !== name) return next();
    const text = host.text;
    const cancelled =
      text !== undefined &&
      (cancelOn instanceof RegExp ? matches(cancelOn, text) : (cancelOn?.includes(text.trim()) ?? false));
    if (cancelled || host.now() - state.lastAt >= timeout) {
      await host.exit();
      return next();
    }
    await host.resume(definition, state);
  };
}

function matches(pattern: RegExp, text: string): boolean {
  pattern.lastIndex = 0; // a /g or /y pattern keeps state between tests
  return pattern.test(text);
}

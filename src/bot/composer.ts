import { commandNames, parseCommand } from './command-text.js';
import { compose, flatten, guard, settle } from './compose.js';
import type { Context } from './context.js';
import { type Filter, type FilterQuery, filterPredicate } from './filter-query.js';
import { handlerLabel, nameHandler } from './handler-span.js';
import { type HearsMatch, type HearsTrigger, hearsMatcher } from './hears-trigger.js';
import type { Middleware, MiddlewareFn, MiddlewareObj, NextFunction } from './middleware.js';

/**
 * The context of a `command` handler: a `TEXT` message, with the argument string in `ctx.match`.
 *
 * @example
 * ```ts
 * const echo = (ctx: CommandContext<Context>) => ctx.reply(ctx.match || 'Say something after /echo');
 * bot.command('echo', echo);
 * ```
 */
export type CommandContext<C extends Context> = Filter<C, 'message:TEXT'> & {
  /** The text after the command, trimmed; `''` for none. */
  readonly match: string;
};

/**
 * The context of a `hears` handler: a `TEXT` message, with what matched in `ctx.match`.
 *
 * @example
 * ```ts
 * const order = (ctx: HearsContext<Context, RegExp>) => ctx.reply(`Order ${ctx.match[1]}`);
 * bot.hears(/^order (\d+)$/, order);
 * ```
 */
export type HearsContext<C extends Context, T extends HearsTrigger = HearsTrigger> = Filter<
  C,
  'message:TEXT'
> & {
  /** The matched string, or the RegExp's match array. */
  readonly match: HearsMatch<T>;
};

/**
 * What `errorBoundary` calls with an error thrown inside it: the error and the context. Its return ends
 * the chain (the event counts as handled); throwing passes its error on (to an outer boundary, then
 * `bot.catch`, then the delivery fails).
 *
 * @example
 * ```ts
 * const report: ErrorHandler<Context> = (error, ctx) => console.error(ctx.eventId, error);
 * ```
 */
export type ErrorHandler<C> = (error: unknown, ctx: C) => unknown;

/**
 * A tree of middleware: `use` adds middleware for every event, `on` / `command` / `hears` / `filter` add
 * middleware for some. Each returns a new Composer nested at that point, so what is added to it runs
 * there, narrowed (`bot.on('message').use(…)`). A Composer is itself a middleware (`bot.use(admin)`).
 * The chain is composed once and recomposed only when middleware is added.
 *
 * Middleware is `(ctx, next) => …`: `await next()` runs the rest of the chain; returning without calling
 * it stops there; calling it twice, or after the middleware has finished, throws a `TypeError`; one not
 * awaited is still awaited before the event is done. A handler that answers should not call `next`.
 *
 * @example
 * ```ts
 * const admin = new Composer<Context>();
 * admin.command('stats', (ctx) => ctx.reply(`events: ${count}`));
 * bot.filter((ctx) => staff.has(ctx.senderId ?? ''), admin);
 * ```
 */
export class Composer<C extends Context = Context> implements MiddlewareObj<C> {
  readonly #fns: MiddlewareFn<C>[] = [];
  #composed: MiddlewareFn<C> | undefined;

  /**
   * @param middleware - Middleware to start with, run in order.
   * @throws {TypeError} When one is neither a function nor a middleware object.
   */
  constructor(...middleware: Middleware<C>[]) {
    for (const one of middleware) this.#fns.push(flatten(one, 'Composer'));
  }

  /**
   * The composed chain, as one middleware (what `bot.use(composer)` runs).
   * @returns The middleware running this composer's chain.
   */
  middleware(): MiddlewareFn<C> {
    this.#composed ??= compose(this.#fns);
    return this.#composed;
  }

  /**
   * Adds middleware that runs for every event, in order. A middleware typed for a wider context (one
   * that sets a property, e.g. `MiddlewareFn<C & { lang: string }>`) makes the returned Composer's context
   * that type, so `bot.use(withLang).command(…)` handlers see `ctx.lang`. It may only add properties:
   * a middleware typed for a narrower event (`(ctx: Filter<Context, 'message'>) => …`) does not compile,
   * as `use` runs for every event; narrow with `on`, `command`, `hears` or `filter`.
   *
   * @param middleware - Functions `(ctx, next) => …` or middleware objects (Composers).
   * @returns A Composer running after `middleware`, at this point of the chain.
   * @throws {TypeError} When a middleware is neither a function nor a middleware object.
   */
  use(...middleware: Middleware<C>[]): Composer<C>;
  use<D extends C>(...middleware: Middleware<D>[] & OnlyAdds<C, D>): Composer<D>;
  use<D extends C>(...middleware: Middleware<D>[]): Composer<D> {
    const composer = new Composer<D>(...middleware);
    this.#add(flatten(composer, 'use') as unknown as MiddlewareFn<C>);
    return composer;
  }

  /**
   * Runs `middleware` for events matching the filter query (or any of a list), with `ctx` narrowed:
   * `on('message:TEXT', (ctx) => ctx.reply(ctx.text))`. Other events go on down the chain.
   *
   * @param query - `'message'`, `'message:TEXT'`, `'talk.message_created'`, `unknownEventType('…')`, or a list.
   * @param middleware - What runs for a matching event.
   * @returns The Composer of the matching events, to add more middleware to.
   * @throws {TypeError} When the query is not a non-empty string or list, or a middleware is invalid.
   */
  on<Q extends FilterQuery>(
    query: Q | readonly Q[],
    ...middleware: Middleware<Filter<C, Q>>[]
  ): Composer<Filter<C, Q>> {
    const test = filterPredicate(query, 'on');
    const label = handlerLabel('on', query);
    return this.#filter(
      (ctx) => {
        if (!test(ctx)) return false;
        nameHandler(ctx, label);
        return true;
      },
      middleware as Middleware<C>[],
      'on',
    ) as unknown as Composer<Filter<C, Q>>;
  }

  /**
   * Runs `middleware` for a `TEXT` message starting with `/name` (or any of the names), with the rest of
   * the text, trimmed, in `ctx.match` (`''` for none). Names match case-insensitively (`/Help` runs
   * `help`); leading whitespace before the slash is ignored. `/name@someone` is a command for this bot
   * only when `someone` is the Bot's `botName` or its bot id (any case): the platform documents no
   * mention syntax, so a command addressed to another name is left alone.
   *
   * @param names - A name (with or without the leading `/`) or a list.
   * @param middleware - What runs for the command.
   * @returns The Composer of this command, to add more middleware to.
   * @throws {TypeError} When a name is empty or contains whitespace or `@`, or a middleware is invalid.
   */
  command(
    names: string | readonly string[],
    ...middleware: Middleware<CommandContext<C>>[]
  ): Composer<CommandContext<C>> {
    const wanted = commandNames(names);
    const composer = new Composer<CommandContext<C>>(...middleware);
    const inner = flatten(composer, 'command') as unknown as MiddlewareFn<C>;
    const test = (ctx: C): boolean => {
      const text = ctx.text;
      if (text === undefined) return false;
      const command = parseCommand(text);
      if (command === undefined || !wanted.has(command.name) || !addressed(command.mention, ctx))
        return false;
      ctx.match = command.args;
      nameHandler(ctx, `command:${command.name}`);
      return true;
    };
    this.#add(guard(test, inner));
    return composer;
  }

  /**
   * Runs `middleware` for a `TEXT` message matching the trigger: a string is compared with the whole text
   * (surrounding whitespace ignored, case-sensitive: `hears('안녕')` runs for `안녕`, not `안녕하세요`); a
   * RegExp is tested against the text (use `/…/i` for any case); in a list the first that matches wins.
   * `ctx.match` is the string, or the RegExp's match array.
   *
   * @param trigger - A string, a RegExp, or a list of them.
   * @param middleware - What runs for a match.
   * @returns The Composer of this trigger, to add more middleware to.
   * @throws {TypeError} When the trigger is blank or not a string, RegExp or non-empty list, or a middleware
   * is invalid.
   */
  hears<T extends HearsTrigger>(
    trigger: T,
    ...middleware: Middleware<HearsContext<C, T>>[]
  ): Composer<HearsContext<C, T>> {
    const matches = hearsMatcher(trigger);
    const label = handlerLabel('hears', trigger);
    const composer = new Composer<HearsContext<C, T>>(...middleware);
    const inner = flatten(composer, 'hears') as unknown as MiddlewareFn<C>;
    const test = (ctx: C): boolean => {
      const text = ctx.text;
      const found = text === undefined ? undefined : matches(text);
      if (found === undefined) return false;
      ctx.match = found;
      nameHandler(ctx, label);
      return true;
    };
    this.#add(guard(test, inner));
    return composer;
  }

  /**
   * Runs `middleware` for events the predicate accepts (it may be async); a type guard narrows `ctx`.
   * Other events go on down the chain.
   *
   * @param predicate - `(ctx) => boolean` or a type guard `(ctx) => ctx is D`.
   * @param middleware - What runs when it is true.
   * @returns The Composer of the accepted events.
   * @throws {TypeError} When the predicate is not a function, or a middleware is invalid.
   */
  filter<D extends C>(predicate: (ctx: C) => ctx is D, ...middleware: Middleware<D>[]): Composer<D>;
  filter(predicate: (ctx: C) => unknown, ...middleware: Middleware<C>[]): Composer<C>;
  filter(predicate: (ctx: C) => unknown, ...middleware: Middleware<C>[]): Composer<C> {
    const test = checkFunction(predicate, 'filter', 'a predicate (ctx) => boolean');
    const label = test.name === '' ? 'filter' : `filter:${test.name}`;
    const named = (ctx: C, yes: unknown): unknown => {
      if (yes) nameHandler(ctx, label);
      return yes;
    };
    return this.#filter(
      (ctx) => {
        const accepted = test(ctx);
        return accepted instanceof Promise ? accepted.then((yes) => named(ctx, yes)) : named(ctx, accepted);
      },
      middleware,
      'filter',
    );
  }

  #filter(test: (ctx: C) => unknown, middleware: Middleware<C>[], caller: string): Composer<C> {
    const composer = new Composer<C>(...middleware);
    const inner = flatten(composer, caller);
    this.#add(guard(test, inner));
    return composer;
  }

  /**
   * Runs `whenTrue` or `whenFalse`, as the predicate (possibly async) says. Unlike `filter`, the false
   * side has its own middleware instead of the rest of the chain; either side calls `next()` to go on.
   *
   * @param predicate - `(ctx) => boolean`, possibly async.
   * @param whenTrue - What runs when it is true.
   * @param whenFalse - What runs when it is false.
   * @returns This composer, for chaining.
   * @throws {TypeError} When the predicate is not a function, or a side is not a middleware.
   */
  branch(predicate: (ctx: C) => unknown, whenTrue: Middleware<C>, whenFalse: Middleware<C>): this {
    const test = checkFunction(predicate, 'branch', 'a predicate (ctx) => boolean');
    const yes = flatten(whenTrue, 'branch');
    const no = flatten(whenFalse, 'branch');
    this.#add((ctx, next) => {
      const accepted = test(ctx);
      if (accepted instanceof Promise) return accepted.then((ok) => (ok ? yes(ctx, next) : no(ctx, next)));
      return accepted ? yes(ctx, next) : no(ctx, next);
    });
    return this;
  }

  /**
   * Builds the middleware for each event when it arrives (a per-tenant or feature-flagged chain):
   * `factory` returns a middleware or a list (possibly async), which then runs with this point's `next`.
   *
   * @param factory - `(ctx) => Middleware | Middleware[]`, possibly async.
   * @returns This composer, for chaining.
   * @throws {TypeError} When `factory` is not a function; at dispatch, when it returns no middleware.
   */
  lazy(
    factory: (
      ctx: C,
    ) => Middleware<C> | readonly Middleware<C>[] | Promise<Middleware<C> | readonly Middleware<C>[]>,
  ): this {
    const build = checkFunction(factory, 'lazy', 'a function (ctx) => middleware');
    const runBuilt = (built: Middleware<C> | readonly Middleware<C>[], ctx: C, next: NextFunction) => {
      const list = Array.isArray(built) ? built : [built];
      return settle(compose(list.map((one: Middleware<C>) => flatten(one, 'lazy')))(ctx, next));
    };
    this.#add((ctx, next) => {
      const built = build(ctx);
      return built instanceof Promise
        ? built.then((ready) => runBuilt(ready, ctx, next))
        : runBuilt(built, ctx, next);
    });
    return this;
  }

  /**
   * Sends each event to one of several middleware by a key: `router(ctx)` (possibly async) names the
   * route; a key without a route (or `undefined`) runs `fallback`, or goes on down the chain without one.
   * Keys are looked up as own properties only (`'__proto__'` is no route).
   *
   * @param router - `(ctx) => key | undefined`, possibly async.
   * @param routes - Middleware by key.
   * @param fallback - What runs for a key without a route.
   * @returns This composer, for chaining.
   * @throws {TypeError} When `router` is not a function, or a route is not a middleware.
   */
  route<K extends string>(
    router: (ctx: C) => K | undefined | Promise<K | undefined>,
    routes: Partial<Record<K, Middleware<C>>>,
    fallback?: Middleware<C>,
  ): this {
    const pick = checkFunction(router, 'route', 'a router (ctx) => key');
    const table = new Map<string, MiddlewareFn<C>>();
    for (const key of Object.keys(routes)) {
      table.set(key, flatten((routes as Record<string, Middleware<C>>)[key] as Middleware<C>, 'route'));
    }
    const otherwise = fallback === undefined ? undefined : flatten(fallback, 'route');
    const go = (key: string | undefined, ctx: C, next: NextFunction) => {
      const fn = (key === undefined ? undefined : table.get(key)) ?? otherwise;
      return fn === undefined ? next() : fn(ctx, next);
    };
    this.#add((ctx, next) => {
      const key = pick(ctx);
      return key instanceof Promise ? key.then((ready) => go(ready, ctx, next)) : go(key, ctx, next);
    });
    return this;
  }

  /**
   * Catches what `middleware` (and anything nested in it) throws and hands it to `handler`, which ends the
   * chain there; throwing from `handler` passes its error on (an outer boundary, `bot.catch`, then the
   * delivery fails). Errors from the rest of the chain after the boundary (its `next()`) are not caught:
   * they pass through to the boundaries around it.
   *
   * @param handler - `(error, ctx) => …`.
   * @param middleware - The protected middleware.
   * @returns The protected Composer, to add more middleware to.
   * @throws {TypeError} When `handler` is not a function, or a middleware is invalid.
   */
  errorBoundary(handler: ErrorHandler<C>, ...middleware: Middleware<C>[]): Composer<C> {
    const onError = checkFunction(handler, 'errorBoundary', 'an error handler (error, ctx) => …');
    const composer = new Composer<C>(...middleware);
    const inner = flatten(composer, 'errorBoundary');
    this.#add(async (ctx, next) => {
      let passing: { readonly error: unknown } | undefined;
      try {
        await inner(ctx, async () => {
          try {
            await next();
          } catch (error) {
            passing = { error };
            throw error;
          }
        });
      } catch (error) {
        if (passing !== undefined && passing.error === error) throw error;
        await onError(error, ctx);
      }
    });
    return composer;
  }

  #add(fn: MiddlewareFn<C>): void {
    this.#fns.push(fn);
    this.#composed = undefined;
  }
}

/**
 * The check behind `use<D>`: `unknown` when the context type `D` only adds properties to `C`; else a
 * message type no middleware list is assignable to, so `use` refuses a middleware that would narrow the
 * event it runs for (it runs for every event). Not used directly.
 *
 * @example
 * ```ts
 * type Ok = OnlyAdds<Context, Context & { lang: string }>; // unknown: use() accepts it
 * ```
 */
export type OnlyAdds<C, D> = [Pick<C, keyof C>] extends [{ [K in keyof C]: K extends keyof D ? D[K] : never }]
  ? unknown
  : readonly ['use() may only add properties to ctx: narrow with on(), command(), hears() or filter()'];

/** Whether `/cmd@mention` addresses this bot: no mention, or its `botName` or bot id (any case). */
function addressed(mention: string | undefined, ctx: Context): boolean {
  if (mention === undefined) return true;
  return mention === ctx.botName?.toLowerCase() || mention === ctx.botId?.toLowerCase();
}

function checkFunction<F>(fn: F, caller: string, what: string): F {
  if (typeof fn !== 'function') {
    throw new TypeError(
      `[momotalk-bot-sdk] ${caller}: pass ${what}; got ${fn === null ? 'null' : typeof fn}.`,
    );
  }
  return fn;
}

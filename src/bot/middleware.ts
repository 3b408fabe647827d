/**
 * What `next` runs: the rest of the chain. Await it to run code after the handlers that follow
 * (timing, logging); calling it a second time in one middleware, or after the middleware has finished
 * (from a timer), throws a `TypeError`. One neither awaited nor returned is still awaited by the chain.
 *
 * @example
 * ```ts
 * const timing: MiddlewareFn<Context> = async (ctx, next) => {
 *   const started = performance.now();
 *   await next();
 *   console.info(ctx.eventId, performance.now() - started);
 * };
 * ```
 */
export type NextFunction = () => Promise<void>;

/**
 * A middleware: `(ctx, next) => …`. Call `next()` to go on to the rest of the chain; return without
 * calling it to stop there (the event counts as handled). What it returns is ignored.
 *
 * @example
 * ```ts
 * const onlyStaff: MiddlewareFn<Context> = (ctx, next) => (staff.has(ctx.senderId ?? '') ? next() : undefined);
 * bot.use(onlyStaff);
 * ```
 */
export type MiddlewareFn<C> = (ctx: C, next: NextFunction) => unknown;

/**
 * Anything `use`, `on`, `command`… accept: a function, or an object with `middleware()` returning one
 * (a `Composer` is one, so composers nest).
 *
 * @example
 * ```ts
 * const admin = new Composer<Context>();
 * admin.command('stats', (ctx) => ctx.reply('ok'));
 * bot.use(admin); // a Composer is a MiddlewareObj
 * ```
 */
export interface MiddlewareObj<C> {
  /** The function that runs this object's chain. */
  middleware(): MiddlewareFn<C>;
}

/**
 * A function middleware or a {@link MiddlewareObj}.
 *
 * @example
 * ```ts
 * const all: Middleware<Context>[] = [timing, admin];
 * bot.use(...all);
 * ```
 */
export type Middleware<C> = MiddlewareFn<C> | MiddlewareObj<C>;

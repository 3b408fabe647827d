import type { Middleware, MiddlewareFn, NextFunction } from './middleware.js';

// Pure: an app that never uses the bot layer drops it (webhook-only bundles).
const DONE: Promise<void> = /* @__PURE__ */ Promise.resolve();

/**
 * @internal How many times the rest of a chain was deliberately run again for this context (`session()`
 * with `onConflict: 'retry'` counts up before each re-run). A `next` may be called again only once this
 * count has grown since its last call: the re-run passes through every enclosing composer's `next` a
 * second time, while a middleware calling `next` twice within one run is still refused.
 */
export const RERUNS = Symbol.for('momotalk-bot-sdk.reruns');

/** @internal The `next` at the end of a bot's chain: nothing more to run. */
export const endOfChain: NextFunction = () => DONE;

/**
 * @internal A middleware object as a function. A `Composer` is asked for its chain on every call, so
 * middleware added to it later still runs.
 * @throws {TypeError} When `middleware` is neither a function nor an object with `middleware()`.
 */
export function flatten<C>(middleware: Middleware<C>, caller: string): MiddlewareFn<C> {
  if (typeof middleware === 'function') return middleware;
  if (typeof middleware === 'object' && middleware !== null && typeof middleware.middleware === 'function') {
    return (ctx, next) => middleware.middleware()(ctx, next);
  }
  throw new TypeError(
    `[momotalk-bot-sdk] ${caller}: a middleware is a function (ctx, next) => … or an object with middleware(), e.g. a Composer; got ${middleware === null ? 'null' : typeof middleware}.`,
  );
}

/**
 * @internal One middleware running `fns` in order. Each gets its own `next`, which runs the rest and may
 * be called once: a second call throws (running the rest twice would answer twice). A middleware that
 * returns without calling `next` ends the chain there.
 */
export function compose<C>(fns: readonly MiddlewareFn<C>[]): MiddlewareFn<C> {
  const list = fns.slice();
  if (list.length === 0) return (_ctx, next) => next();
  return (ctx, next) => run(list, 0, ctx, next);
}

function run<C>(fns: readonly MiddlewareFn<C>[], index: number, ctx: C, last: NextFunction): Promise<void> {
  if (index === fns.length) return last();
  const fn = fns[index] as MiddlewareFn<C>;
  let calledIn: number | undefined;
  return settle(
    fn(ctx, () => {
      const rerun = (ctx as { [RERUNS]?: number })[RERUNS] ?? 0;
      if (calledIn !== undefined && calledIn >= rerun) throw nextTwice(fn);
      calledIn = rerun;
      return run(fns, index + 1, ctx, last);
    }),
  );
}

/** @internal What a middleware returned, as the promise its caller awaits (no new promise for one). */
export function settle(result: unknown): Promise<void> {
  if (result instanceof Promise) return result as Promise<void>;
  if (typeof (result as { then?: unknown } | null | undefined)?.then === 'function') {
    return Promise.resolve(result).then(() => undefined);
  }
  return DONE;
}

function nextTwice(fn: MiddlewareFn<never>): TypeError {
  const name = fn.name === '' ? 'a middleware' : `middleware ${fn.name}`;
  return new TypeError(
    `[momotalk-bot-sdk] next() was called twice by ${name}: the rest of the chain would run twice (two replies). ` +
      'Call next() once, and await it (or return it) to run code after the handlers that follow.',
  );
}

import type { Middleware, MiddlewareFn, NextFunction } from './middleware.js';

const DONE: Promise<void> = Promise.resolve();

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
  let called = false;
  return settle(
    fn(ctx, () => {
      if (called) throw nextTwice(fn);
      called = true;
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

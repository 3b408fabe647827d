import type { Middleware, MiddlewareFn, NextFunction } from './middleware.js';

/**
 * @internal The settled promise a chain that ended synchronously answers with: `session()` compares against
 * it to skip its after-work when nothing is pending. Pure: an app that never uses the bot layer drops it.
 */
export const DONE: Promise<void> = /* @__PURE__ */ Promise.resolve();

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
    const nested: Nested<C> = (ctx, next) => {
      // A Composer inside itself would loop (through microtasks when async, starving every room): count.
      const holder = ctx as { [ENTRIES]?: number };
      const entries = (holder[ENTRIES] ?? 0) + 1;
      if (entries > MAX_ENTRIES) throw nestedInItself();
      holder[ENTRIES] = entries;
      return middleware.middleware()(ctx, next);
    };
    nested[NESTED] = middleware;
    return nested;
  }
  throw new TypeError(
    `[momotalk-bot-sdk] ${caller}: a middleware is a function (ctx, next) => … or an object with middleware(), e.g. a Composer; got ${middleware === null ? 'null' : typeof middleware}.`,
  );
}

const NESTED = Symbol('momotalk.nested');
const SOLE = Symbol('momotalk.sole');

/** A middleware object (a Composer) as a function, keeping the object. */
type Nested<C> = MiddlewareFn<C> & { [NESTED]?: { middleware(): Composed<C> } };
/** A composed chain of one middleware keeps it: `run` calls it as its own step. */
type Composed<C> = MiddlewareFn<C> & { [SOLE]?: MiddlewareFn<C> };

/**
 * A chain of one middleware nested in another chain (every `bot.use(fn)` makes one) is that middleware,
 * run as a step of the outer chain: its `next` checks already guard it, and skipping the inner chain's
 * frame, closure and promise is most of what one more middleware costs.
 */
function unnest<C>(fn: MiddlewareFn<C>): MiddlewareFn<C> {
  let step = fn;
  for (let depth = 0; ; depth++) {
    const nested = (step as Nested<C>)[NESTED];
    const sole = nested === undefined ? undefined : nested.middleware()[SOLE];
    if (sole === undefined) return step;
    if (depth === MAX_NESTING) throw nestedInItself();
    step = sole;
  }
}

/** Deeper than any real bot nests; a Composer used inside itself would otherwise loop forever. */
const MAX_NESTING = 1000;
/** More Composer entries than any real bot makes for one event (re-runs after session conflicts included). */
const MAX_ENTRIES = 100_000;
const ENTRIES = Symbol('momotalk.composerEntries');

function nestedInItself(): TypeError {
  return new TypeError(
    '[momotalk-bot-sdk] Composers are nested without end for this event: a Composer was probably added to itself (composer.use(composer)).',
  );
}

const GUARD = Symbol('momotalk.guard');

/** A middleware that runs `inner` when `test` accepts the context, and passes the event on otherwise. */
type Guarded<C> = MiddlewareFn<C> & {
  readonly [GUARD]?: { readonly test: (ctx: C) => unknown; readonly inner: MiddlewareFn<C> };
};

/**
 * @internal A middleware running `inner` when `test(ctx)` is truthy (or resolves so) and calling `next`
 * otherwise. `compose` steps over a run of guards that refuse in a loop, so thousands of `command` / `hears`
 * / `on` siblings cost no stack frame each (a deep recursion would overflow: a 500 and redelivery forever).
 */
export function guard<C>(test: (ctx: C) => unknown, inner: MiddlewareFn<C>): MiddlewareFn<C> {
  const fn: Guarded<C> = Object.assign(
    (ctx: C, next: NextFunction) => {
      const accepted = test(ctx);
      if (accepted instanceof Promise) return accepted.then((yes) => (yes ? inner(ctx, next) : next()));
      return accepted ? inner(ctx, next) : next();
    },
    { [GUARD]: { test, inner } },
  );
  return fn;
}

/**
 * @internal One middleware running `fns` in order. Each gets its own `next`, which runs the rest and may
 * be called once: a second call throws (running the rest twice would answer twice), and so does a call
 * after the middleware has settled (the event is finished by then). A middleware that returns without
 * calling `next` ends the chain there; one that calls it without awaiting or returning it still has the
 * rest awaited (and its error reported) before the chain settles.
 */
export function compose<C>(fns: readonly MiddlewareFn<C>[]): MiddlewareFn<C> {
  const list = fns.slice();
  if (list.length === 0) return (_ctx, next) => next();
  const composed: Composed<C> = (ctx, next) => run(list, 0, ctx, next);
  if (list.length === 1) composed[SOLE] = list[0] as MiddlewareFn<C>;
  return composed;
}

function run<C>(fns: readonly MiddlewareFn<C>[], start: number, ctx: C, last: NextFunction): Promise<void> {
  let index = start;
  let fn: MiddlewareFn<C>;
  for (;;) {
    if (index === fns.length) return last();
    fn = unnest(fns[index] as MiddlewareFn<C>);
    const guarded = (fn as Guarded<C>)[GUARD];
    if (guarded === undefined) break;
    const accepted = guarded.test(ctx);
    if (accepted instanceof Promise) {
      const { inner } = guarded;
      fn = (c, next) => accepted.then((yes) => (yes ? inner(c, next) : next()));
      break;
    }
    if (accepted) {
      fn = unnest(guarded.inner);
      break;
    }
    index += 1;
  }
  const step = fn;
  const following = index + 1;
  let pending: Promise<void> | undefined;
  let calledIn: number | undefined;
  let settled = false;
  let result: unknown;
  try {
    result = step(ctx, () => {
      // Once per run: again only after a deliberate re-run (session() retrying on a conflict).
      const rerun = (ctx as { [RERUNS]?: number })[RERUNS] ?? 0;
      if (calledIn !== undefined && calledIn >= rerun) throw nextTwice(step);
      if (settled) throw nextLate(step);
      calledIn = rerun;
      pending = run(fns, following, ctx, last);
      return pending;
    });
  } catch (error) {
    settled = true;
    if (pending === undefined) throw error;
    const failed = () => Promise.reject(error);
    return pending.then(failed, failed);
  }
  // The common shapes first: `return next()` (the rest is the result) and a synchronous end.
  if (pending !== undefined && result === pending) return pending;
  // DONE is a chain (a nested Composer's) that ended synchronously: as good as a synchronous end.
  if (result === DONE || typeof (result as { then?: unknown } | null | undefined)?.then !== 'function') {
    settled = true;
    return pending ?? DONE;
  }
  return Promise.resolve(result).then(
    () => {
      settled = true;
      return pending ?? DONE;
    },
    (error: unknown) => {
      settled = true;
      // The rest may still be running (next() not awaited): finish it before the chain fails.
      const failed = () => Promise.reject(error);
      return pending === undefined ? failed() : pending.then(failed, failed);
    },
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

function describe(fn: MiddlewareFn<never>): string {
  return fn.name === '' ? 'a middleware' : `middleware ${fn.name}`;
}

function nextTwice(fn: MiddlewareFn<never>): TypeError {
  return new TypeError(
    `[momotalk-bot-sdk] next() was called twice by ${describe(fn)}: the rest of the chain would run twice (two replies). ` +
      'Call next() once, and await it (or return it) to run code after the handlers that follow.',
  );
}

function nextLate(fn: MiddlewareFn<never>): TypeError {
  return new TypeError(
    `[momotalk-bot-sdk] next() was called by ${describe(fn)} after it had finished: the event is already handled, so the rest of the chain does not run. ` +
      'Call next() before the middleware returns (or before the promise it returns settles), and await or return it.',
  );
}

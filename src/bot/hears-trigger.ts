/**
 * What `hears` listens for: a string (the whole message, surrounding whitespace ignored, case-sensitive),
 * a RegExp (tested against the text; `ctx.match` is its `RegExpMatchArray`), or a list of them (the first
 * that matches wins).
 *
 * @example
 * ```ts
 * const greetings: HearsTrigger = ['안녕', /^hello\b/i];
 * bot.hears(greetings, (ctx) => ctx.reply('안녕하세요!'));
 * ```
 */
export type HearsTrigger = string | RegExp | readonly (string | RegExp)[];

/**
 * What `ctx.match` is in a `hears` handler for trigger `T`: the text for strings, the `RegExpMatchArray`
 * for RegExps.
 *
 * @example
 * ```ts
 * type M = HearsMatch<RegExp>; // RegExpMatchArray
 * ```
 */
export type HearsMatch<T extends HearsTrigger> = T extends string
  ? string
  : T extends RegExp
    ? RegExpMatchArray
    : T extends readonly (infer U)[]
      ? U extends string
        ? string
        : RegExpMatchArray
      : never;

/**
 * @internal The test behind `hears`: what to set as `ctx.match`, or `undefined` when no trigger matches.
 * A RegExp with the `g` or `y` flag is tested from the start of every text (its `lastIndex` is reset), so
 * one message does not change how the next is matched.
 * @throws {TypeError} When the trigger is not a string, a RegExp or a non-empty list of them.
 */
export function hearsMatcher(trigger: unknown): (text: string) => string | RegExpMatchArray | undefined {
  const list: unknown[] = Array.isArray(trigger) ? trigger : [trigger];
  if (list.length === 0) throw badTrigger();
  const tests = list.map(one);
  if (tests.length === 1) return tests[0] as (text: string) => string | RegExpMatchArray | undefined;
  return (text) => {
    for (const test of tests) {
      const found = test(text);
      if (found !== undefined) return found;
    }
    return undefined;
  };
}

function one(trigger: unknown): (text: string) => string | RegExpMatchArray | undefined {
  if (typeof trigger === 'string') {
    if (trigger.trim() === '') throw badTrigger();
    const wanted = trigger.trim();
    return (text) =>
      text === wanted || (text.length > wanted.length && text.trim() === wanted) ? wanted : undefined;
  }
  if (trigger instanceof RegExp) {
    return (text) => {
      trigger.lastIndex = 0;
      return trigger.exec(text) ?? undefined;
    };
  }
  throw badTrigger();
}

function badTrigger(): TypeError {
  return new TypeError(
    "[momotalk-bot-sdk] hears: pass a non-blank string, a RegExp, or a non-empty list of them, e.g. hears('안녕', …) or hears(/^order (\\d+)$/, …).",
  );
}

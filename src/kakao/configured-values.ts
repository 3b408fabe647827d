/**
 * @internal The configured signature texts / admin keys as a non-empty list of non-empty, trimmed strings.
 * Throws a `TypeError` (a programmer error) otherwise: a receiver with nothing to compare against would
 * have to accept every request, so it refuses to start instead. Messages never contain the values.
 */
export function configuredValues(
  value: unknown,
  option: string,
  caller: string,
  hint: string,
): readonly string[] {
  const list = typeof value === 'string' ? [value] : Array.isArray(value) ? (value as unknown[]) : undefined;
  if (list === undefined || list.length === 0) {
    throw new TypeError(
      `[momotalk-bot-sdk] ${caller}: the ${option} option is required (got ${describe(value)}). ${hint} ` +
        'Without it every request would have to be accepted, so the receiver refuses to start.',
    );
  }
  return list.map((item, index) => {
    if (typeof item !== 'string' || item.trim() === '') {
      const which = list.length === 1 ? option : `${option}[${index}]`;
      throw new TypeError(
        `[momotalk-bot-sdk] ${caller}: ${which} is empty or not a string. ${hint} ` +
          'An empty value would accept requests anyone can forge, so it is refused.',
      );
    }
    // HTTP strips a header value's surrounding whitespace, so configured whitespace could never match.
    return item.trim();
  });
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an empty array';
  return typeof value;
}

/** @internal True when `received` matches any of `expected`; every value is compared (no early exit). */
export function matchesAny(
  received: string | undefined,
  expected: readonly string[],
  equal: (a: unknown, b: string) => boolean,
): boolean {
  let matched = false;
  for (const value of expected) matched = equal(received, value) || matched;
  return matched;
}

import * as z from 'zod/mini';

/**
 * A string known to be one of `Known`, or any other string: editors autocomplete the known values, and a
 * value the platform adds later still type-checks.
 *
 * @example
 * ```ts
 * import type { OpenString } from 'momotalk-bot-sdk/kakao';
 *
 * type Status = OpenString<'TSC01' | 'TSC02'>;
 * const status: Status = 'TSC05'; // fine: unknown codes still parse
 * ```
 */
export type OpenString<Known extends string> = Known | (string & {});

/**
 * @internal A string schema whose output type is {@link OpenString} of the given values: every string
 * parses, the known values autocomplete. The values are listed for documentation only.
 */
export function openString<const Known extends string>(
  _known: readonly Known[],
): z.ZodMiniType<OpenString<Known>, string> {
  return z.string() as z.ZodMiniType<OpenString<Known>, string>;
}

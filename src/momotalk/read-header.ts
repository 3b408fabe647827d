/**
 * Request headers in any of the shapes servers hand them over: a Fetch `Headers` object (or anything with
 * a `get(name)` method), Node's `IncomingHttpHeaders`, or a plain object such as an AWS Lambda event's
 * `headers`. Names are matched case-insensitively.
 *
 * @example
 * ```ts
 * const fromFetch: HeadersLike = request.headers;
 * const fromNode: HeadersLike = req.headers;
 * const plain: HeadersLike = { 'X-MoMoTalk-Bot-Signature': signature };
 * ```
 */
export type HeadersLike =
  | {
      /** Returns the header's value, or `null` when it is absent (Fetch `Headers.get`). */
      get(name: string): string | null;
    }
  | Readonly<Record<string, string | readonly string[] | undefined>>;

/**
 * One header's value from {@link HeadersLike}, matching the name case-insensitively; `undefined` when absent.
 *
 * A header sent several times (an array value, or keys that differ only in case in a plain object) comes
 * back joined with `", "`, as Fetch `Headers` does: a duplicated signature header then never verifies,
 * instead of one copy being picked silently.
 *
 * @param headers - The request headers.
 * @param name - The header name, in any case.
 * @returns The value, or `undefined` when the header is absent.
 *
 * @example
 * ```ts
 * import { MOMOTALK_HEADERS, readHeader } from 'momotalk-bot-sdk';
 *
 * const eventId = readHeader(req.headers, MOMOTALK_HEADERS.eventId);
 * ```
 */
export function readHeader(headers: HeadersLike, name: string): string | undefined {
  if (typeof (headers as { get?: unknown }).get === 'function') {
    return (headers as { get(name: string): string | null }).get(name) ?? undefined;
  }
  const wanted = name.toLowerCase();
  const record = headers as Readonly<Record<string, unknown>>;
  let found: string | undefined;
  // Every key is looked at: a plain object may hold the same header under two spellings.
  for (const key of Object.keys(record)) {
    if (key.length !== wanted.length || key.toLowerCase() !== wanted) continue;
    const value = headerValue(record[key]);
    if (value !== undefined) found = found === undefined ? value : `${found}, ${value}`;
  }
  return found;
}

function headerValue(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) {
    const parts = value.filter((part): part is string => typeof part === 'string');
    return parts.length === 0 ? undefined : parts.join(', ');
  }
  return undefined;
}

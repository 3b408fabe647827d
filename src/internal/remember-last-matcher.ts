/**
 * @internal Wraps a matcher factory for standalone checks called on every request with the same
 * configured value (`verifyBizmessageSignature(header, process.env.X)`): the matcher for the last configured
 * string is kept, so its validation and hashing run once. Lists are not remembered (a fresh array each call
 * would never hit), and a configuration the factory rejects is never remembered, so it throws on every call.
 */
export function rememberLastMatcher<THeader>(
  build: (configured: string | readonly string[]) => (header: THeader) => boolean,
): (header: THeader, configured: string | readonly string[]) => boolean {
  let last: { readonly configured: string; readonly matches: (header: THeader) => boolean } | undefined;
  return (header, configured) => {
    if (typeof configured !== 'string') return build(configured)(header);
    if (last?.configured !== configured) last = { configured, matches: build(configured) };
    return last.matches(header);
  };
}

import type { IncomingMessage } from 'node:http';
import { constantTimeEqual } from '../internal/constant-time-equal.js';

/**
 * @internal The header the emulator page sends its access token in. A custom header cannot be set by a
 * cross-origin form or `fetch` without a CORS preflight, which the emulator never grants.
 */
export const ACCESS_TOKEN_HEADER = 'x-emulator-token';

/** @internal Why a page request was refused: `missing` (no token at all) or `invalid` (a wrong one). */
export type PageAccessRefusal = 'missing' | 'invalid';

/**
 * @internal Checks the per-run access token on a request for the page or its `/emulator/` endpoints
 * (never the Bot API, which has the bot token). The token comes from the `x-emulator-token` header (the
 * page's `fetch` calls) or the `token` query parameter (the URL `momotalk-bot dev` prints, and the
 * page's `EventSource`, which cannot set headers). No cookie is ever set: a request carries the token
 * itself or is refused, so no other site, and no other local process without the printed URL, can make
 * the emulator sign a message of its choice. Compared in constant time.
 *
 * @returns `undefined` when the token matches, else why not.
 */
export function checkPageAccess(
  request: IncomingMessage,
  query: URLSearchParams,
  accessToken: string,
): PageAccessRefusal | undefined {
  const header = request.headers[ACCESS_TOKEN_HEADER];
  const received = typeof header === 'string' ? header : (query.get('token') ?? undefined);
  if (received === undefined || received === '') return 'missing';
  return constantTimeEqual(received, accessToken) ? undefined : 'invalid';
}

/** @internal The message of a refused page request: what is missing and where the right URL is. */
export function pageAccessMessage(refusal: PageAccessRefusal): string {
  const start =
    refusal === 'missing'
      ? 'This emulator needs its access token.'
      : 'The access token is not this emulator run’s (it changes on every start).';
  return (
    `${start} Open the URL that \`momotalk-bot dev\` (or npm start) printed, ` +
    'http://127.0.0.1:<port>/?token=…; in tests, use emulator.pageUrl, or send emulator.accessToken in ' +
    `the ${ACCESS_TOKEN_HEADER} header.`
  );
}

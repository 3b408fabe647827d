import { constantTimeEqual } from '../internal/constant-time-equal.js';
import { apiError, type JsonReply } from './bot-api.js';
import type { EmulatorState } from './emulator-state.js';
import { parseRecordedTrace } from './trace-log.js';
import type { RecordedTrace } from './trace-types.js';

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/**
 * @internal `POST /emulator/traces`: a bot reports the spans of one delivery (or inbox job) so the page
 * can show them beside the delivery. The bot runs in its own process, so it proves itself with what it
 * already has, the bot token (`Authorization: Bearer …`, compared in constant time), not the page's
 * access token. The body must be one {@link RecordedTrace} as JSON (at most 64 KiB, read by the caller);
 * anything else is refused with a 4xx naming the problem and nothing is stored:
 *
 * - 401 `unauthorized`: no bearer header, or not the bot token;
 * - 415 `unsupported_media_type`: not `application/json`; 400 `invalid_json`: not JSON;
 * - 422 `invalid_trace`: not the trace shape, or a field past its bound (the message names the field,
 *   never its value).
 *
 * A stored trace is pushed to open pages (`trace` on the event stream) and answered 202.
 */
export function receiveTrace(
  state: EmulatorState,
  header: (name: string) => string | undefined,
  rawBody: string,
): JsonReply {
  const match = BEARER.exec(header('authorization') ?? '');
  if (match === null) {
    return apiError(401, 'unauthorized', 'Missing "Authorization: Bearer <bot_token>" header.');
  }
  if (!constantTimeEqual(match[1], state.bot.token)) {
    return apiError(401, 'unauthorized', 'The bot token is not valid.');
  }
  if (!/^application\/(.+\+)?json\b/i.test(header('content-type') ?? '')) {
    return apiError(
      415,
      'unsupported_media_type',
      'Send the trace as JSON ("Content-Type: application/json").',
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    return apiError(400, 'invalid_json', 'The request body is not valid JSON.');
  }
  const parsed = parseRecordedTrace(json);
  if (!parsed.ok) return apiError(422, 'invalid_trace', parsed.message);
  state.addTrace(parsed.trace);
  return { status: 202, body: { ok: true } };
}

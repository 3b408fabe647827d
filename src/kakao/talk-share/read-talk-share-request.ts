import { parseJsonBody } from '../../internal/parse-json-body.js';
import { isKakaoPayloadError, KakaoPayloadError } from '../kakao-payload-error.js';
import { repeatedParameter, searchParamsToRecord } from './parse-talk-share-params.js';
import { repeatedTopLevelKey } from './repeated-json-key.js';

const utf8 = new TextDecoder();

/**
 * @internal The raw parameters of a Talk Share delivery: the query string of a GET, the body of a POST.
 *
 * A key that appears more than once is refused (`repeated_parameter`), in a query string, a form and a JSON
 * body alike.
 *
 * POST bodies: `application/json` (or any `+json` type) is JSON; `application/x-www-form-urlencoded` is a
 * form. Kakao documents a JSON body but not its Content-Type, so for a missing or other type the body is
 * tried as JSON first, then as a form (lenient). A POST's query string is ignored.
 */
export function readTalkShareParams(
  method: string,
  url: string,
  contentType: string | undefined,
  body: Uint8Array,
): Record<string, unknown> {
  if (method === 'GET' || method === 'HEAD') {
    return searchParamsToRecord(searchParamsOf(url));
  }
  const text = utf8.decode(body);
  const mediaType = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (mediaType === 'application/json' || mediaType.endsWith('+json')) return parseJsonObject(text);
  if (mediaType === 'application/x-www-form-urlencoded')
    return searchParamsToRecord(new URLSearchParams(text));
  if (text.trim() === '') return {};
  try {
    return parseJsonObject(text);
  } catch (error) {
    // JSON whose keys repeat is JSON, refused as such; anything else that is not a JSON object may be a form.
    if (isKakaoPayloadError(error) && error.reason === 'repeated_parameter') throw error;
    return searchParamsToRecord(new URLSearchParams(text));
  }
}

function parseJsonObject(text: string): Record<string, unknown> {
  if (text.trim() === '') return {};
  const value = parseJsonBody(text, invalidJson);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new KakaoPayloadError('invalid_payload', 'The Talk Share webhook body must be a JSON object.');
  }
  // Refused as in a query string or form: "last one wins" would let an appended CHAT_TYPE override Kakao's.
  const repeated = repeatedTopLevelKey(text);
  if (repeated !== undefined) throw repeatedParameter(repeated);
  return value as Record<string, unknown>;
}

function invalidJson(cause: unknown): KakaoPayloadError {
  return new KakaoPayloadError('invalid_json', 'The Talk Share webhook body is not valid JSON.', { cause });
}

function searchParamsOf(url: string): URLSearchParams {
  try {
    return new URL(url, 'http://localhost').searchParams;
  } catch (cause) {
    // The request target comes from the client; one the URL parser refuses is a bad request, not a bug.
    throw new KakaoPayloadError('invalid_payload', 'The Talk Share webhook request URL cannot be parsed.', {
      cause,
    });
  }
}

import { parseJsonBody } from '../../internal/parse-json-body.js';
import { KakaoPayloadError } from '../kakao-payload-error.js';
import { searchParamsToRecord } from './parse-talk-share-params.js';

const utf8 = new TextDecoder();

/**
 * @internal The raw parameters of a Talk Share delivery: the query string of a GET, the body of a POST.
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
  } catch {
    return searchParamsToRecord(new URLSearchParams(text));
  }
}

function parseJsonObject(text: string): Record<string, unknown> {
  if (text.trim() === '') return {};
  const value = parseJsonBody(text, invalidJson);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new KakaoPayloadError('invalid_payload', 'The Talk Share webhook body must be a JSON object.');
  }
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

import { rememberedBody } from './buffered-body.js';

/**
 * Headers that carry a request id, in the order they are looked up. The guide documents none; these are
 * the common names (generic, MoMoTalk-prefixed, IETF draft, AWS API Gateway / S3).
 */
export const REQUEST_ID_HEADERS: readonly string[] = [
  'x-request-id',
  'x-momotalk-request-id',
  'request-id',
  'x-amzn-requestid',
  'x-amz-request-id',
  'x-correlation-id',
];

/** The first non-empty request id header of `headers`, if any. */
export function findRequestId(headers: Headers): string | undefined {
  for (const name of REQUEST_ID_HEADERS) {
    const value = headers.get(name);
    if (value !== null && value !== '') return value;
  }
  return undefined;
}

const decoder = new TextDecoder();

/**
 * Bodies over this many bytes, counted after `Content-Encoding` decoding, are not kept (the reply of a
 * message send is small).
 */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * The body as text, never throwing: `undefined` when it could not be read (connection lost, aborted) or
 * is larger than {@link MAX_BODY_BYTES} once decoded. The body is always read through the counting loop:
 * `Content-Length` is the size on the wire, so a small gzip or br body may decode to far more, and reading
 * stops (the stream is cancelled) as soon as the decoded bytes pass the limit.
 */
export async function readBodyText(response: Response): Promise<string | undefined> {
  const remembered = rememberedBody(response);
  if (remembered !== undefined) return decoder.decode(remembered);
  try {
    if (response.body === null) return '';
    const reader = response.body.getReader();
    const streaming = new TextDecoder();
    let text = '';
    let total = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return text + streaming.decode();
      total += value.byteLength;
      if (total > MAX_BODY_BYTES) {
        await reader.cancel().catch(() => {});
        return undefined;
      }
      text += streaming.decode(value, { stream: true });
    }
  } catch {
    return undefined;
  }
}

/** Lenient JSON: the parsed value, or `undefined` for an empty or unparsable text. */
export function parseJsonLeniently(text: string | undefined): unknown {
  if (text === undefined || text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** An error body: parsed JSON when it parses, else the text; `undefined` when empty or unreadable. */
export function errorBodyFrom(text: string | undefined): unknown {
  if (text === undefined || text === '') return undefined;
  const parsed = parseJsonLeniently(text);
  return parsed === undefined ? text : parsed;
}

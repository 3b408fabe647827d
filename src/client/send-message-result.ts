import type { MoMoTalkId } from '../momotalk/events/message-schema.js';
import { findRequestId, parseJsonLeniently } from './response-body.js';

/**
 * The JSON object the Bot API answered with. The guide does not document it, so every field is kept as
 * sent and none is required; `message_id` is typed because it is the platform's name for message ids.
 *
 * @example
 * ```ts
 * const { data } = await client.sendMessage({ room_id: 123, body: 'hi' });
 * const sentId = data?.message_id; // number | string | undefined
 * ```
 */
export interface SendMessageResponseData {
  /** The id of the message posted, when the answer carries one. */
  readonly message_id?: MoMoTalkId | undefined;
  readonly [key: string]: unknown;
}

/**
 * What `sendMessage` and `reply` resolve with: the parsed answer plus the raw response.
 *
 * The answer is parsed leniently: a 2xx is a success whatever its body (empty, not JSON, a JSON array).
 *
 * @example
 * ```ts
 * const result = await client.sendMessage({ room_id: 123, body: 'hi' });
 * console.log(result.status, result.requestId, result.data?.message_id);
 * ```
 */
export interface SendMessageResult {
  /** The body when it is a JSON object; `undefined` when empty, not JSON, or another JSON value. */
  readonly data: SendMessageResponseData | undefined;
  /**
   * The body text as received. `''` when empty or unreadable, and when larger than 1 MiB once decoded
   * (`Content-Encoding` counted): such a body is not kept (reading stops at the limit), `data` is then
   * `undefined`, and the send still succeeded, so the result is returned rather than an error.
   */
  readonly text: string;
  /** `data.message_id` when it is a number or a string. */
  readonly messageId: MoMoTalkId | undefined;
  /** The HTTP status (2xx). */
  readonly status: number;
  /** The response headers. */
  readonly headers: Headers;
  /** The request id header (`x-request-id` and similar names), when the response has one. */
  readonly requestId: string | undefined;
  /**
   * The raw `Response`, for status line and headers. Its body may already have been consumed by the
   * client: use `text` / `data`.
   */
  readonly response: Response;
}

/** Builds the result of a 2xx response from its body text (`undefined` when it could not be read). */
export function toSendMessageResult(response: Response, text: string | undefined): SendMessageResult {
  const parsed = parseJsonLeniently(text);
  const data =
    typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as SendMessageResponseData)
      : undefined;
  const messageId = data?.message_id;
  return {
    data,
    text: text ?? '',
    messageId: typeof messageId === 'number' || typeof messageId === 'string' ? messageId : undefined,
    status: response.status,
    headers: response.headers,
    requestId: findRequestId(response.headers),
    response,
  };
}

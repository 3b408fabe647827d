/**
 * AWS Lambda adapter: API Gateway HTTP APIs (payload format 2.0), Lambda function URLs, and API Gateway
 * REST APIs (payload format 1.0).
 *
 * @module
 */
import { BodyTooLargeError } from '../errors/body-too-large-error.js';
import type { DeliveryResponse, IncomingDelivery, WebhookReceiver } from '../receiver/ports.js';

/**
 * The fields of an API Gateway or function URL event the adapter reads: payload format 2.0, with
 * format 1.0's fields as fallbacks. `APIGatewayProxyEventV2` and `APIGatewayProxyEvent` from
 * `@types/aws-lambda` fit.
 *
 * @example
 * ```ts
 * import type { LambdaHttpEvent } from 'momotalk-bot-sdk/aws-lambda';
 *
 * const event: LambdaHttpEvent = {
 *   rawPath: '/webhook',
 *   requestContext: { http: { method: 'POST' } },
 *   headers: { 'x-momotalk-bot-signature': '…' },
 *   body: '{"event_type":"talk.message_created"}',
 *   isBase64Encoded: false,
 * };
 * ```
 */
export interface LambdaHttpEvent {
  /** v2: the path. */
  readonly rawPath?: string | undefined;
  /** v2: the query string, without `?`. */
  readonly rawQueryString?: string | undefined;
  /** v2: the `Cookie` header, split. */
  readonly cookies?: readonly string[] | undefined;
  /** v2: carries the method in `http.method`. */
  readonly requestContext?: LambdaRequestContext | undefined;
  /** v1: the method. */
  readonly httpMethod?: string | undefined;
  /** v1: the path. */
  readonly path?: string | undefined;
  /** v1: the query parameters. */
  readonly multiValueQueryStringParameters?:
    | Readonly<Record<string, readonly string[] | undefined>>
    | null
    | undefined;
  /** The headers (v2: lower-case names; v1: as sent). */
  readonly headers?: Readonly<Record<string, string | undefined>> | null | undefined;
  /** v1: every value of repeated headers. */
  readonly multiValueHeaders?: Readonly<Record<string, readonly string[] | undefined>> | null | undefined;
  /** The body: text, or base64 when `isBase64Encoded`. */
  readonly body?: string | null | undefined;
  /** True when `body` is base64. */
  readonly isBase64Encoded?: boolean | undefined;
}

/**
 * The part of a v2 `requestContext` the adapter reads.
 *
 * @example
 * ```ts
 * const context: LambdaRequestContext = { http: { method: 'POST' } };
 * ```
 */
export interface LambdaRequestContext {
  /** The HTTP details of a v2 event. */
  readonly http?:
    | {
        /** The method (`"POST"`). */
        readonly method?: string | undefined;
      }
    | undefined;
}

/**
 * What the function returns: the response format of every payload version.
 *
 * @example
 * ```ts
 * const result: LambdaHttpResult = { statusCode: 200, headers: {}, body: '{"ok":true}', isBase64Encoded: false };
 * ```
 */
export interface LambdaHttpResult {
  /** The HTTP status. */
  statusCode: number;
  /** The response headers. */
  headers: Record<string, string>;
  /** The response body, as text. */
  body: string;
  /** Always false: the body is text. */
  isBase64Encoded: false;
}

/**
 * A Lambda handler for `receiver`. Base64 bodies (`isBase64Encoded`) are decoded to the exact bytes
 * that were signed; a body past the receiver's limit gets 413 before it is decoded. An event whose body
 * is no longer a string (a middleware such as middy's JSON body parser replaced it, keeping no
 * `rawBody`) makes the handler throw a `TypeError` naming the fix, so the invocation fails (500) and the
 * message is in the function's log. Every method reaches the receiver.
 *
 * Lambda freezes the process once the handler returns, so configure the receiver to finish its work
 * before answering (no background processing after the response).
 *
 * @throws {TypeError} When the event is not an HTTP event, or its body was parsed and no raw copy is left.
 *
 * @example
 * ```ts
 * import { createWebhookHandler } from 'momotalk-bot-sdk';
 * import { lambdaWebhook } from 'momotalk-bot-sdk/aws-lambda';
 *
 * export const handler = lambdaWebhook(
 *   createWebhookHandler({ secret: process.env.MOMOTALK_WEBHOOK_SECRET! }),
 * );
 * ```
 */
export function lambdaWebhook(
  receiver: WebhookReceiver,
): (event: LambdaHttpEvent, context?: unknown) => Promise<LambdaHttpResult> {
  return async (event) => {
    const response: DeliveryResponse = await receiver.handleDelivery(toDelivery(event));
    return {
      statusCode: response.status,
      headers: { ...response.headers },
      body: response.body,
      isBase64Encoded: false,
    };
  };
}

function toDelivery(event: LambdaHttpEvent): IncomingDelivery {
  const method = event.requestContext?.http?.method ?? event.httpMethod;
  if (typeof method !== 'string') {
    throw new TypeError(
      '[momotalk-bot-sdk] lambdaWebhook: the event is not an HTTP event (no requestContext.http.method or ' +
        'httpMethod). Invoke the function through an API Gateway HTTP API, a REST API or a function URL.',
    );
  }
  const raw = (event as { rawBody?: unknown }).rawBody;
  const body = typeof event.body === 'object' && typeof raw === 'string' ? raw : event.body;
  if (body !== undefined && body !== null && typeof body !== 'string') {
    throw new TypeError(
      '[momotalk-bot-sdk] lambdaWebhook: event.body is a parsed object, so the exact bytes that were signed ' +
        'are gone. Put lambdaWebhook before any JSON body parser middleware (middy http-json-body-parser).',
    );
  }
  const headers = lowerCaseHeaders(event);
  return {
    method: method.toUpperCase(),
    url: event.rawPath !== undefined ? withQuery(event.rawPath, event.rawQueryString) : v1Url(event),
    header: (name) => headers.get(name),
    readBody: async (maxBytes) => decodeBody(body ?? '', event.isBase64Encoded === true, maxBytes),
  };
}

function decodeBody(body: string, base64: boolean, maxBytes: number): Uint8Array {
  if (!base64) {
    const bytes = new TextEncoder().encode(body);
    if (bytes.byteLength > maxBytes) throw new BodyTooLargeError(maxBytes);
    return bytes;
  }
  // Four base64 characters carry three bytes: refuse before decoding when the decoded size is too large.
  // The body is attacker-controlled, so no regular expression here (a padding regex backtracks
  // quadratically on '='.repeat(n) + 'x'); a linear scan from the end is enough.
  if (Math.floor((lengthWithoutPadding(body) * 3) / 4) > maxBytes) throw new BodyTooLargeError(maxBytes);
  const bytes = Buffer.from(body, 'base64');
  if (bytes.byteLength > maxBytes) throw new BodyTooLargeError(maxBytes);
  return bytes;
}

/** The length of `base64` without its trailing `=` padding and whitespace, in one pass from the end. */
function lengthWithoutPadding(base64: string): number {
  let end = base64.length;
  while (end > 0) {
    const code = base64.charCodeAt(end - 1);
    // '=', space, tab, line feed, carriage return.
    if (code !== 0x3d && code !== 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) break;
    end -= 1;
  }
  return end;
}

/**
 * The event's headers by lower-case name. Every value of a header is kept, joined with `", "` as Fetch
 * does, so a credential sent twice never verifies: v1 keeps only the last of repeated headers in `headers`
 * and all of them in `multiValueHeaders` (used when present), and a hand-built or proxied event may hold
 * one header under two spellings (never resolved last-wins).
 */
function lowerCaseHeaders(event: LambdaHttpEvent): Map<string, string> {
  const fromMulti = new Map<string, string>();
  for (const [name, values] of Object.entries(event.multiValueHeaders ?? {})) {
    if (values !== undefined && values.length > 0) append(fromMulti, name.toLowerCase(), values.join(', '));
  }
  const headers = new Map(fromMulti);
  for (const [name, value] of Object.entries(event.headers ?? {})) {
    const lower = name.toLowerCase();
    if (value !== undefined && !fromMulti.has(lower)) append(headers, lower, value);
  }
  // v2 moves cookies out of the headers.
  if (event.cookies !== undefined && !headers.has('cookie')) headers.set('cookie', event.cookies.join('; '));
  return headers;
}

function append(headers: Map<string, string>, name: string, value: string): void {
  const previous = headers.get(name);
  headers.set(name, previous === undefined ? value : `${previous}, ${value}`);
}

function v1Url(event: LambdaHttpEvent): string {
  const query = new URLSearchParams();
  for (const [name, values] of Object.entries(event.multiValueQueryStringParameters ?? {})) {
    for (const value of values ?? []) query.append(name, value);
  }
  return withQuery(event.path ?? '/', query.toString());
}

function withQuery(path: string, query: string | undefined): string {
  return query === undefined || query === '' ? path : `${path}?${query}`;
}

/**
 * AWS Lambda adapter: API Gateway HTTP APIs (payload format 2.0), Lambda function URLs, and API Gateway
 * REST APIs (payload format 1.0).
 *
 * @module
 */
import { BodyTooLargeError } from '../errors/body-too-large-error.js';
import type { DeliveryResponse, IncomingDelivery, WebhookReceiver } from '../webhooks/pipeline/delivery.js';

type StringMap<T> = Readonly<Record<string, T | undefined>> | null | undefined;

/** The fields of an API Gateway / function URL event the adapter reads (v2, with v1's as fallbacks). */
export interface LambdaHttpEvent {
  readonly rawPath?: string | undefined;
  readonly rawQueryString?: string | undefined;
  readonly cookies?: readonly string[] | undefined;
  readonly requestContext?:
    | { readonly http?: { readonly method?: string | undefined } | undefined }
    | undefined;
  readonly httpMethod?: string | undefined;
  readonly path?: string | undefined;
  readonly multiValueQueryStringParameters?: StringMap<readonly string[]>;
  readonly headers?: StringMap<string>;
  readonly multiValueHeaders?: StringMap<readonly string[]>;
  readonly body?: string | null | undefined;
  readonly isBase64Encoded?: boolean | undefined;
}

/** What the function returns: the response format of every payload version. */
export interface LambdaHttpResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
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
  if (Math.floor((body.replace(/=+\s*$/, '').length * 3) / 4) > maxBytes)
    throw new BodyTooLargeError(maxBytes);
  const bytes = Buffer.from(body, 'base64');
  if (bytes.byteLength > maxBytes) throw new BodyTooLargeError(maxBytes);
  return bytes;
}

function lowerCaseHeaders(event: LambdaHttpEvent): Map<string, string> {
  const headers = new Map<string, string>();
  for (const [name, value] of Object.entries(event.headers ?? {})) {
    if (value !== undefined) headers.set(name.toLowerCase(), value);
  }
  // v1 keeps only the last of repeated headers in `headers`; `multiValueHeaders` has them all.
  for (const [name, values] of Object.entries(event.multiValueHeaders ?? {})) {
    if (values !== undefined && values.length > 0) headers.set(name.toLowerCase(), values.join(', '));
  }
  // v2 moves cookies out of the headers.
  if (event.cookies !== undefined && !headers.has('cookie')) headers.set('cookie', event.cookies.join('; '));
  return headers;
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

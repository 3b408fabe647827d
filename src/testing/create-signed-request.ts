import { MOMOTALK_HEADERS } from '../momotalk/headers.js';
import { signWebhookAsync } from '../momotalk/signature/sign-webhook-async.js';

/**
 * Options of {@link createSignedRequest}.
 *
 * @example
 * ```ts
 * const options: SignedRequestOptions = { url: 'http://localhost/webhook', headers: { 'x-trace': '1' } };
 * ```
 */
export interface SignedRequestOptions {
  /**
   * The request URL.
   * @default "http://localhost/momotalk/webhook"
   */
  url?: string | undefined;
  /** Extra headers, or replacements for the generated ones (e.g. a wrong signature for a negative test). */
  headers?: Readonly<Record<string, string>> | undefined;
}

/**
 * What {@link createSignedRequest} signs: any event object. Its `event_id` and `bot_id`, when they are
 * strings, also become the `X-MoMoTalk-Event-Id` and `X-MoMoTalk-Bot-Id` headers; every field is sent.
 *
 * @example
 * ```ts
 * const unknownEvent: SignableEvent = { event_id: 'evt_1', event_type: 'room.renamed', bot_id: 'bot_1' };
 * ```
 */
export interface SignableEvent {
  /** Sent as `X-MoMoTalk-Event-Id` when it is a string. */
  readonly event_id?: unknown;
  /** Sent as `X-MoMoTalk-Bot-Id` when it is a string. */
  readonly bot_id?: unknown;
  /** Any other field, sent as is. */
  readonly [field: string]: unknown;
}

/**
 * A `POST` `Request` exactly as MoMoTalk would deliver `event`: the JSON body, and the three
 * real headers `X-MoMoTalk-Bot-Id`, `X-MoMoTalk-Event-Id` and `X-MoMoTalk-Bot-Signature` (HMAC-SHA256
 * of the body bytes keyed with `secret`, on Web Crypto, so it works on every runtime). Pass it straight
 * to a Fetch-standard handler such as `createWebhookHandler`.
 *
 * A string `event` is sent byte for byte (to test raw bodies); an object is `JSON.stringify`-ed.
 *
 * @param event - The event object (e.g. from {@link createMessageCreatedEvent}) or a raw JSON string.
 * @param secret - The webhook secret to sign with.
 * @param options - URL and extra headers.
 * @returns A promise of the signed request.
 * @throws {TypeError} When `secret` is empty.
 *
 * @example
 * ```ts
 * import { createMessageCreatedEvent, createSignedRequest } from 'momotalk-bot-sdk/testing';
 *
 * const request = await createSignedRequest(createMessageCreatedEvent({ message: { body: 'hi' } }), 'test-secret');
 * const response = await handler(request);
 * ```
 */
export async function createSignedRequest(
  event: SignableEvent | string,
  secret: string,
  options: SignedRequestOptions = {},
): Promise<Request> {
  const body = typeof event === 'string' ? event : JSON.stringify(event);
  const parsed = typeof event === 'string' ? safeParse(event) : event;
  const headers = new Headers({
    'content-type': 'application/json',
    [MOMOTALK_HEADERS.signature]: await signWebhookAsync(body, secret),
  });
  if (typeof parsed?.bot_id === 'string') headers.set(MOMOTALK_HEADERS.botId, parsed.bot_id);
  if (typeof parsed?.event_id === 'string') headers.set(MOMOTALK_HEADERS.eventId, parsed.event_id);
  for (const [name, value] of Object.entries(options.headers ?? {})) headers.set(name, value);
  return new Request(options.url ?? 'http://localhost/momotalk/webhook', { method: 'POST', headers, body });
}

function safeParse(text: string): SignableEvent | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as SignableEvent) : undefined;
  } catch {
    return undefined;
  }
}

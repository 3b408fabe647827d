import { WebhookPayloadError } from '../../errors/webhook-payload-error.js';
import { formatZodIssues } from '../../internal/format-zod-issues.js';
import { parseJsonBody } from '../../internal/parse-json-body.js';
import { isKnownWebhookEventType, knownWebhookEventSchemas } from './known-webhook-events.js';
import { hasMessageCreatedShape } from './message-created-fast-path.js';
import { unknownWebhookEventSchema } from './unknown-webhook-event.js';
import type { WebhookEvent } from './webhook-event.js';

/**
 * What {@link parseWebhookEvent} accepts: the body as JSON text (a string, Uint8Array/Buffer or
 * ArrayBuffer, UTF-8), or a value a JSON parser already produced.
 *
 * @example
 * ```ts
 * const input: WebhookEventInput = await request.text();
 * ```
 */
export type WebhookEventInput = string | Uint8Array | ArrayBuffer | object;

/**
 * Validates a webhook body and returns it as a typed {@link WebhookEvent}. It does not check the signature:
 * use `constructWebhookEvent`, or call `verifyWebhook` first.
 *
 * A known event type (`talk.message_created`) must match its schema; any other `event_type` parses as an
 * `UnknownWebhookEvent` (answer it with 2xx). Fields the schemas do not list are kept. The result is a new
 * object (the JSON parser's own, or zod's copy), never the caller's input, and nothing from the body is merged
 * into existing objects. From text or bytes, every `__proto__` key is dropped, at any depth (so copying a
 * part with `Object.assign` cannot inherit attacker data); from an already-parsed object, a top-level one.
 *
 * @param input - The body as JSON text or bytes, or an already-parsed value.
 * @returns The event.
 * @throws {WebhookPayloadError} When the input is not JSON, not a JSON object, has no string `event_type`,
 * or is a known event type of the wrong shape (`issues` holds zod's findings).
 *
 * @example
 * ```ts
 * import { parseWebhookEvent } from 'momotalk-bot-sdk';
 *
 * const event = parseWebhookEvent(rawBody);
 * if (event.event_type === 'talk.message_created') console.log(event.message.body);
 * ```
 */
export function parseWebhookEvent(input: WebhookEventInput): WebhookEvent {
  const data = parseJsonBody(input, invalidJson);
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    const got = data === null ? 'null' : Array.isArray(data) ? 'an array' : typeof data;
    throw new WebhookPayloadError(`Webhook payload must be a JSON object, but it is ${got}.`);
  }
  const type = (data as { event_type?: unknown }).event_type;
  // Text or bytes in: `data` is JSON.parse's own fresh object, so when it already has the exact shape the
  // schema accepts it is returned as is, without zod's copy (the hot path; see message-created-fast-path.ts).
  if (
    data !== input &&
    type === 'talk.message_created' &&
    hasMessageCreatedShape(data as Record<string, unknown>)
  ) {
    return data as WebhookEvent;
  }
  const schema = isKnownWebhookEventType(type) ? knownWebhookEventSchemas[type] : unknownWebhookEventSchema;
  const result = schema.safeParse(data);
  if (result.success) return result.data as WebhookEvent;
  const what = isKnownWebhookEventType(type) ? `${type} event` : 'webhook event';
  throw new WebhookPayloadError(
    `Invalid ${what}: ${formatZodIssues(result.error.issues)}.`,
    result.error.issues,
    { cause: result.error },
  );
}

function invalidJson(cause: unknown): WebhookPayloadError {
  // The parser's message quotes the body, so it is kept as `cause` only.
  return new WebhookPayloadError('Webhook payload is not valid JSON.', [], { cause });
}

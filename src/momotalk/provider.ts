import { isWebhookPayloadError } from '../errors/webhook-payload-error.js';
import { isWebhookVerificationError } from '../errors/webhook-verification-error.js';
import type { JsonValue } from '../internal/json-value.js';
import { getNodeCrypto } from '../internal/node-crypto.js';
import type { IncomingDelivery } from '../receiver/ports.js';
import type { DeliveryProvider } from '../receiver/receiver-options.js';
import { type DeliveryRejection, rejectDelivery } from '../receiver/rejection.js';
import {
  type ConstructWebhookEventOptions,
  checkedEvent,
  signatureFailure,
} from './events/construct-webhook-event.js';
import type { WebhookEvent } from './events/webhook-event.js';
import { MOMOTALK_HEADERS } from './headers.js';
import { isWellFormedSignature } from './signature/signature-format.js';
import { verifyWebhook } from './signature/verify-webhook.js';
import { verifyWebhookAsync } from './signature/verify-webhook-async.js';
import type { WebhookSecret } from './signature/webhook-secret.js';

/** @internal One authentic, parsed MoMoTalk delivery: the pipeline's item. */
export interface MoMoTalkItem {
  readonly event: WebhookEvent;
  /**
   * The signed body's `event_id`, else the `X-MoMoTalk-Event-Id` header (unsigned: for logs and `ctx`,
   * never for the dedupe key). They must agree when both are present.
   */
  readonly eventId: string | undefined;
  /** `X-MoMoTalk-Bot-Id`, else the body's `bot_id`. */
  readonly botId: string | undefined;
  /**
   * The dedupe key, from signed data only: the body's `event_id`, else (an event type without one) the
   * verified signature, so a captured body replayed with fresh unsigned headers is still a duplicate.
   */
  readonly idempotencyKey: string;
}

/** @internal How the MoMoTalk steps find the secret and what they check. */
export interface MoMoTalkCheck {
  /** A fixed secret, or a lookup by the delivery's bot id. */
  readonly secret:
    | WebhookSecret
    | ((botId: string) => WebhookSecret | null | undefined | Promise<WebhookSecret | null | undefined>);
  /** Options for the body checks (`botId`, `maxAgeSeconds`), validated once at creation. */
  readonly construct: ConstructWebhookEventOptions;
}

/**
 * @internal The MoMoTalk provider of the receiver pipeline (everything but `process`, which runs the
 * handler's routes), in the pipeline's order:
 *
 * - `checkHeaders` (401, before the body is read): the signature header must be present
 *   (`missing_signature`) and 64 hex digits (`invalid_signature`: a duplicated header, joined with
 *   `", "`, never is); with `getSecret` the bot-id header must be present (`missing_bot_id`); a bot-id
 *   header other than the `botId` option is `bot_id_mismatch`. Only a well-formed signature header earns a
 *   read (forging one costs nothing, so reads are also bounded in number and time by the pipeline).
 * - `authenticate` (401): the secret (`getSecret`: `unknown_bot`), then the HMAC of the raw body with
 *   `verifyWebhook` (node:crypto) or `verifyWebhookAsync` (Web Crypto): `invalid_signature`. Nothing is
 *   parsed before the signature verified.
 * - `parse` (400 `invalid_payload`): the signed body, through `constructWebhookEvent`'s own post-signature
 *   steps (`checkedEvent`), which also compare the body's ids with the unsigned headers and the option and
 *   check its age. Those checks need the parsed body, so their failures (`bot_id_mismatch`,
 *   `event_id_mismatch`, `missing_timestamp`, `timestamp_too_old`, `timestamp_in_future`) are 401s from
 *   this step.
 *
 * The signature is verified once per delivery, as `constructWebhookEvent` would.
 */
export function momotalkProvider(
  check: MoMoTalkCheck,
): Omit<DeliveryProvider<MoMoTalkItem, WebhookEvent>, 'process'> {
  const lookup = typeof check.secret === 'function' ? check.secret : undefined;
  const fixedSecret = typeof check.secret === 'function' ? undefined : check.secret;
  const configuredBotId = check.construct.botId;
  return {
    caller: 'createWebhookHandler',
    methods: ['POST'],
    checkHeaders: (delivery) => {
      const signature = delivery.header(MOMOTALK_HEADERS.signature);
      if (!isWellFormedSignature(signature)) return refused(signature);
      const headerBotId = nonEmpty(delivery.header(MOMOTALK_HEADERS.botId));
      if (lookup !== undefined && headerBotId === undefined) return rejectDelivery(401, 'missing_bot_id');
      if (configuredBotId !== undefined && headerBotId !== undefined && headerBotId !== configuredBotId) {
        return rejectDelivery(401, 'bot_id_mismatch');
      }
      return undefined;
    },
    authenticate: (delivery, body) => {
      if (lookup === undefined) return verify(delivery, body, fixedSecret as WebhookSecret);
      // checkHeaders refused a delivery without the header.
      const headerBotId = delivery.header(MOMOTALK_HEADERS.botId) as string;
      return Promise.resolve(lookup(headerBotId)).then((secret) =>
        isSecretAnswer(secret) ? verify(delivery, body, secret) : rejectDelivery(401, 'unknown_bot'),
      );
    },
    parse: (delivery, body) => parse(check, delivery, body),
    idempotencyKey: (item) => item.idempotencyKey,
    describe: (item) => ({ event: item.event, eventId: item.eventId }),
    inboxEntry: (item) => ({ lane: inboxLane(item), payload: inboxPayload(item) }),
  };
}

/**
 * @internal The ordering lane of an event in an inbox: its room (`message.room_id`, else a top-level
 * `room_id` of an event type this SDK does not know), so one room's events run one at a time and in
 * order. An event without a room has a lane of its own: nothing to keep in order with.
 */
export function inboxLane(item: MoMoTalkItem): string {
  const fields = item.event as { message?: { room_id?: unknown }; room_id?: unknown };
  const room = idString(fields.message?.room_id) ?? idString(fields.room_id);
  const bot = item.botId ?? '';
  return room === undefined ? `${item.idempotencyKey}` : `momotalk:${bot}:room:${room}`;
}

/** @internal What an inbox keeps of an event: the parsed event and its ids; no header, no signature. */
export function inboxPayload(item: MoMoTalkItem): {
  readonly event: JsonValue;
  readonly eventId?: string;
  readonly botId?: string;
} {
  const payload: { event: JsonValue; eventId?: string; botId?: string } = {
    event: item.event as unknown as JsonValue,
  };
  if (item.eventId !== undefined) payload.eventId = item.eventId;
  if (item.botId !== undefined) payload.botId = item.botId;
  return payload;
}

/**
 * A `getSecret` answer naming a secret: a string or a list. Anything else (`undefined`, `null`, or what a
 * plain lookup `(id) => secrets[id]` finds for the bot id `__proto__`, `constructor` or `toString`) means
 * "not my bot", a 401, never a 500: the bot id header is attacker-controlled.
 */
function isSecretAnswer(secret: unknown): secret is WebhookSecret {
  return typeof secret === 'string' || Array.isArray(secret);
}

/** 401 unless the signature verifies; synchronous on node:crypto, so the common path adds no promise. */
function verify(
  delivery: IncomingDelivery,
  body: Uint8Array,
  secret: WebhookSecret,
): DeliveryRejection | undefined | Promise<DeliveryRejection | undefined> {
  const signature = delivery.header(MOMOTALK_HEADERS.signature);
  // A programmer error (e.g. getSecret returned '') throws a TypeError here: 500 and onError.
  if (getNodeCrypto() !== undefined) {
    return verifyWebhook(body, signature, secret) ? undefined : refused(signature);
  }
  return verifyWebhookAsync(body, signature, secret).then((genuine) =>
    genuine ? undefined : refused(signature),
  );
}

function refused(signature: string | undefined): DeliveryRejection {
  const error = signatureFailure(signature);
  return rejectDelivery(401, error.reason, error);
}

function parse(
  check: MoMoTalkCheck,
  delivery: IncomingDelivery,
  body: Uint8Array,
): MoMoTalkItem[] | DeliveryRejection {
  const headerBotId = nonEmpty(delivery.header(MOMOTALK_HEADERS.botId));
  const headerEventId = nonEmpty(delivery.header(MOMOTALK_HEADERS.eventId));
  let event: WebhookEvent;
  try {
    event = checkedEvent(body, { botId: headerBotId, eventId: headerEventId }, check.construct);
  } catch (error) {
    if (isWebhookVerificationError(error)) return rejectDelivery(401, error.reason, error);
    if (isWebhookPayloadError(error)) return rejectDelivery(400, 'invalid_payload', error);
    throw error; // a bug: 500 and onError
  }
  const fields = event as { bot_id?: unknown; event_id?: unknown };
  const signedEventId = idString(fields.event_id);
  const signedBotId = idString(fields.bot_id);
  // Keyed on authenticated data only; the id headers are not signed. The bot: the body's, else the one
  // configured, else (getSecret) the header's, which chose the secret that verified the body. The event:
  // the body's event_id, else (unknown event types) the verified signature, lower-cased so that hex case
  // cannot make a new key.
  const keyBotId =
    signedBotId ?? check.construct.botId ?? (typeof check.secret === 'function' ? headerBotId : undefined);
  const idempotencyKey =
    signedEventId === undefined
      ? `momotalk:${keyBotId ?? ''}:sig:${String(delivery.header(MOMOTALK_HEADERS.signature)).toLowerCase()}`
      : `momotalk:${keyBotId ?? ''}:${signedEventId}`;
  return [
    {
      event,
      eventId: signedEventId ?? headerEventId,
      botId: headerBotId ?? signedBotId,
      idempotencyKey,
    },
  ];
}

function idString(value: unknown): string | undefined {
  return typeof value === 'string' || typeof value === 'number' ? nonEmpty(String(value)) : undefined;
}

/** @internal `undefined` for an absent or empty string (an empty header or variable counts as unset). */
export function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

import { isWebhookPayloadError } from '../../errors/webhook-payload-error.js';
import { isWebhookVerificationError } from '../../errors/webhook-verification-error.js';
import { getNodeCrypto } from '../../internal/node-crypto.js';
import {
  type ConstructWebhookEventOptions,
  constructWebhookEvent,
  constructWebhookEventAsync,
} from '../construct-webhook-event.js';
import { MOMOTALK_HEADERS } from '../momotalk-headers.js';
import type { IncomingDelivery } from '../pipeline/delivery.js';
import type { DeliveryProvider } from '../pipeline/receiver-config.js';
import { type DeliveryRejection, rejectDelivery } from '../pipeline/rejection.js';
import type { HeadersLike } from '../read-header.js';
import type { WebhookEvent } from '../webhook-event.js';
import type { WebhookSecret } from '../webhook-secret.js';

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
    | ((botId: string) => WebhookSecret | undefined | Promise<WebhookSecret | undefined>);
  /** Options for `constructWebhookEvent` (`botId`, `maxAgeSeconds`). */
  readonly construct: ConstructWebhookEventOptions;
}

/**
 * @internal The MoMoTalk steps of the pipeline (everything but `process`): POST only; a cheap bot-id
 * header check first; then `constructWebhookEvent` (sync on node:crypto, else its Web Crypto twin), which
 * verifies the HMAC of the raw body before parsing and checks the body's ids and age against the
 * unsigned headers and the options. A `WebhookVerificationError` is 401 with its `reason` as the error
 * code, a `WebhookPayloadError` 400 `invalid_payload`.
 */
export function momotalkSteps(check: MoMoTalkCheck): Omit<DeliveryProvider<MoMoTalkItem>, 'process'> {
  return {
    methods: ['POST'],
    authenticate: (delivery) => {
      const headerBotId = nonEmpty(delivery.header(MOMOTALK_HEADERS.botId));
      const botId = check.construct.botId;
      if (botId !== undefined && headerBotId !== undefined && headerBotId !== botId) {
        return rejectDelivery(401, 'bot_id_mismatch');
      }
      if (typeof check.secret === 'function' && headerBotId === undefined) {
        return rejectDelivery(401, 'missing_bot_id');
      }
      return undefined;
    },
    parse: (delivery, body) => construct(check, delivery, body),
    idempotencyKey: (item) => item.idempotencyKey,
  };
}

async function construct(
  check: MoMoTalkCheck,
  delivery: IncomingDelivery,
  body: Uint8Array,
): Promise<MoMoTalkItem[] | DeliveryRejection> {
  const headerBotId = nonEmpty(delivery.header(MOMOTALK_HEADERS.botId));
  let secret: WebhookSecret | undefined;
  if (typeof check.secret === 'function') {
    secret = headerBotId === undefined ? undefined : await check.secret(headerBotId);
    if (secret === undefined) return rejectDelivery(401, 'unknown_bot');
  } else {
    secret = check.secret;
  }
  const headers: HeadersLike = { get: (name) => delivery.header(name.toLowerCase()) ?? null };
  let event: WebhookEvent;
  try {
    event =
      getNodeCrypto() === undefined
        ? await constructWebhookEventAsync(body, headers, secret, check.construct)
        : constructWebhookEvent(body, headers, secret, check.construct);
  } catch (error) {
    if (isWebhookVerificationError(error)) return rejectDelivery(401, error.reason, error);
    if (isWebhookPayloadError(error)) return rejectDelivery(400, 'invalid_payload', error);
    throw error; // a programmer error (e.g. getSecret returned ''): 500 and onError
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
  const botId = headerBotId ?? signedBotId;
  return [
    {
      event,
      eventId: signedEventId ?? nonEmpty(delivery.header(MOMOTALK_HEADERS.eventId)),
      botId,
      idempotencyKey,
    },
  ];
}

function idString(value: unknown): string | undefined {
  return typeof value === 'string' || typeof value === 'number' ? nonEmpty(String(value)) : undefined;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

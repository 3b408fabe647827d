import type { WebhookVerificationError } from '../../errors/webhook-verification-error.js';
import { getNodeCrypto } from '../../internal/node-crypto.js';
import { MOMOTALK_HEADERS } from '../momotalk-headers.js';
import { parseWebhookEvent } from '../parse-webhook-event.js';
import type { IncomingDelivery } from '../pipeline/delivery.js';
import type { DeliveryProvider } from '../pipeline/receiver-config.js';
import { type DeliveryRejection, rejectDelivery } from '../pipeline/rejection.js';
import { verifyWebhook } from '../verify-webhook.js';
import { verifyWebhookAsync } from '../verify-webhook-async.js';
import type { WebhookEvent } from '../webhook-event.js';
import type { WebhookSecret } from '../webhook-secret.js';

/** @internal One authentic, parsed MoMoTalk delivery: the pipeline's item. */
export interface MoMoTalkItem {
  readonly event: WebhookEvent;
  /** `X-MoMoTalk-Event-Id`, else the body's `event_id` (they must agree when both are present). */
  readonly eventId: string | undefined;
  /** `X-MoMoTalk-Bot-Id`, else the body's `bot_id`. */
  readonly botId: string | undefined;
}

/** @internal How the MoMoTalk steps find the secret and what they check. */
export interface MoMoTalkCheck {
  /** A fixed secret, or a lookup by the delivery's bot id. */
  readonly secret:
    | WebhookSecret
    | ((botId: string) => WebhookSecret | undefined | Promise<WebhookSecret | undefined>);
  readonly botId: string | undefined;
  readonly maxAgeSeconds: number | undefined;
  readonly now: () => number;
}

const unauthorized = (reason: WebhookVerificationError['reason'] | 'unknown_bot' | 'missing_bot_id') =>
  rejectDelivery(401, reason);

/**
 * @internal The MoMoTalk steps of the pipeline (everything but `process`): POST only, HMAC-SHA256 of the
 * raw body (sync node:crypto where available, else Web Crypto), then the body's ids and age checked
 * against the unsigned headers and the options. Every authentication failure is 401 with the
 * `WebhookVerificationReason` as the error code; a body that is not a valid event is 400.
 */
export function momotalkSteps(check: MoMoTalkCheck): Omit<DeliveryProvider<MoMoTalkItem>, 'process'> {
  return {
    methods: ['POST'],
    authenticate: (delivery, body) => authenticate(check, delivery, body),
    parse: (delivery, body) => parse(check, delivery, body),
    // The event id is checked against the signed body in `parse`, so a replayed body cannot dodge dedupe
    // by sending a fresh header.
    idempotencyKey: (item) =>
      item.eventId === undefined ? undefined : `momotalk:${item.botId ?? ''}:${item.eventId}`,
  };
}

async function authenticate(
  check: MoMoTalkCheck,
  delivery: IncomingDelivery,
  body: Uint8Array,
): Promise<DeliveryRejection | undefined> {
  const headerBotId = delivery.header(MOMOTALK_HEADERS.botId);
  if (check.botId !== undefined && headerBotId !== undefined && headerBotId !== check.botId) {
    return unauthorized('bot_id_mismatch');
  }
  let secret: WebhookSecret | undefined;
  if (typeof check.secret === 'function') {
    if (headerBotId === undefined || headerBotId === '') return unauthorized('missing_bot_id');
    secret = await check.secret(headerBotId);
    if (secret === undefined) return unauthorized('unknown_bot');
  } else {
    secret = check.secret;
  }
  const signature = delivery.header(MOMOTALK_HEADERS.signature);
  if (signature === undefined || signature === '') return unauthorized('missing_signature');
  const genuine =
    getNodeCrypto() === undefined
      ? await verifyWebhookAsync(body, signature, secret)
      : verifyWebhook(body, signature, secret);
  return genuine ? undefined : unauthorized('invalid_signature');
}

function parse(
  check: MoMoTalkCheck,
  delivery: IncomingDelivery,
  body: Uint8Array,
): MoMoTalkItem[] | DeliveryRejection {
  let event: WebhookEvent;
  try {
    event = parseWebhookEvent(body);
  } catch (error) {
    return rejectDelivery(400, 'invalid_payload', error);
  }
  const fields = event as { bot_id?: unknown; event_id?: unknown; timestamp?: unknown };
  const bodyBotId = typeof fields.bot_id === 'string' ? fields.bot_id : undefined;
  const bodyEventId = typeof fields.event_id === 'string' ? fields.event_id : undefined;
  const headerBotId = delivery.header(MOMOTALK_HEADERS.botId);
  const headerEventId = delivery.header(MOMOTALK_HEADERS.eventId);

  if (bodyBotId !== undefined) {
    if (headerBotId !== undefined && headerBotId !== bodyBotId) return unauthorized('bot_id_mismatch');
    if (check.botId !== undefined && check.botId !== bodyBotId) return unauthorized('bot_id_mismatch');
  }
  if (bodyEventId !== undefined && headerEventId !== undefined && headerEventId !== bodyEventId) {
    return unauthorized('event_id_mismatch');
  }
  if (check.maxAgeSeconds !== undefined) {
    if (typeof fields.timestamp !== 'number' || !Number.isFinite(fields.timestamp)) {
      return unauthorized('missing_timestamp');
    }
    const age = check.now() / 1000 - fields.timestamp;
    if (age > check.maxAgeSeconds) return unauthorized('timestamp_too_old');
    if (-age > check.maxAgeSeconds) return unauthorized('timestamp_in_future');
  }
  return [
    {
      event,
      eventId: nonEmpty(headerEventId) ?? bodyEventId,
      botId: nonEmpty(headerBotId) ?? bodyBotId,
    },
  ];
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

/**
 * The names of the headers MoMoTalk sends with every delivery, lower-case (HTTP header names are
 * case-insensitive; Node lower-cases them, and `Headers.get` accepts any case).
 *
 * @example
 * ```ts
 * import { MOMOTALK_HEADERS } from 'momotalk-bot-sdk';
 *
 * const signature = request.headers.get(MOMOTALK_HEADERS.signature);
 * ```
 */
export const MOMOTALK_HEADERS = {
  /** `X-MoMoTalk-Bot-Id`: the bot the event is for. */
  botId: 'x-momotalk-bot-id',
  /** `X-MoMoTalk-Event-Id`: the event's id; unsigned, so only checked against the body's `event_id`. */
  eventId: 'x-momotalk-event-id',
  /** `X-MoMoTalk-Bot-Signature`: lowercase hex HMAC-SHA256 of the raw body, keyed with the webhook secret. */
  signature: 'x-momotalk-bot-signature',
} as const;

/**
 * What each refusal code of the webhook pipeline (`{"error":"<code>"}`) means: what failed, then the
 * fix. Data only, one line per code; no line may ever contain a secret or any part of a request.
 */
const REFUSAL_HINTS: Readonly<Record<string, string>> = {
  missing_signature:
    'the X-MoMoTalk-Bot-Signature header is missing; send the lowercase hex HMAC-SHA256 of the raw body.',
  invalid_signature:
    'the signature does not match the body with the bot’s webhook secret; give sender and bot the same secret (an emulator makes a new one on every start unless fixed) and sign the exact raw bytes.',
  bot_id_mismatch:
    'the bot id of the delivery is not the bot’s botId (or MOMOTALK_BOT_ID); run the bot with the bot id the sender uses.',
  event_id_mismatch:
    'the X-MoMoTalk-Event-Id header differs from the signed body’s event_id; send the event’s own id in the header.',
  missing_bot_id:
    'the X-MoMoTalk-Bot-Id header is missing and the bot looks its secret up by bot id; send the header.',
  unknown_bot:
    'no webhook secret is configured for this bot id; add it to the bot’s secret lookup or send the right bot id.',
  missing_timestamp:
    'the event has no timestamp but the bot checks its age (maxAgeSeconds); send a timestamp or drop the age limit.',
  timestamp_too_old:
    'the event is older than the bot’s maxAgeSeconds; check both clocks, or raise the limit for redeliveries.',
  timestamp_in_future: 'the event’s timestamp is ahead of the bot’s clock; check both clocks (NTP).',
  invalid_payload:
    'the signed body is not valid JSON or not a valid event of its type; send the event as the platform guide shows it.',
  body_too_large: 'the body is larger than the bot’s maxBodyBytes; send a smaller body or raise the limit.',
  method_not_allowed: 'webhooks are POST requests; send a POST.',
  in_progress: 'the same event is being processed right now (a concurrent redelivery); redeliver it later.',
  processing_failed: 'the bot’s event handler threw; see the bot’s own log (onError) for the error.',
  idempotency_unavailable:
    'the bot could not reach its idempotency store (e.g. Redis); check that store, then redeliver.',
  shutting_down: 'the bot is shutting down; redeliver once it is back.',
};

/**
 * The explanation of a refusal code the webhook pipeline answers with (`{"error":"<code>"}`): what
 * failed and how to fix it, on one line. `undefined` for a code it does not know (another service's
 * answer, a newer code).
 *
 * @example
 * ```ts
 * refusalHint('invalid_signature'); // 'the signature does not match the body with the bot’s webhook secret; …'
 * ```
 */
export function refusalHint(code: string): string | undefined {
  return Object.hasOwn(REFUSAL_HINTS, code) ? REFUSAL_HINTS[code] : undefined;
}

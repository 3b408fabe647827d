/**
 * What each refusal code the receivers answer with (`{"error":"<code>"}`) means, then its usual fix: one
 * short line per code (they ship in edge bundles, for the development log), shared by that log, the
 * emulator and the CLI. Data only: never a secret or any part of a request.
 */
const REFUSAL_HINTS: Readonly<Record<string, string>> = {
  missing_signature: 'no X-MoMoTalk-Bot-Signature header: not sent by the platform, or a proxy dropped it',
  invalid_signature:
    'the signature does not match the body: give sender and bot the same secret (`momotalk-bot dev` makes a new one on every start unless fixed) and verify the raw bytes',
  bot_id_mismatch: 'a delivery for another bot: check botId / MOMOTALK_BOT_ID',
  event_id_mismatch: 'the X-MoMoTalk-Event-Id header differs from the signed body',
  missing_bot_id: 'no X-MoMoTalk-Bot-Id header, which getSecret needs',
  unknown_bot: 'getSecret has no secret for this bot id',
  missing_timestamp: 'maxAgeSeconds is set but the body has no timestamp',
  timestamp_too_old: 'older than maxAgeSeconds: check the clocks, or raise the limit for redeliveries',
  timestamp_in_future: 'ahead of this clock: check the clocks (NTP)',
  invalid_payload: 'not the expected JSON shape (onRejected gets the issues)',
  invalid_json: 'the body is not JSON',
  repeated_parameter: 'a parameter appears twice',
  missing_authorization: 'no Authorization header (`KakaoAK <admin key>`)',
  invalid_authorization: 'Authorization does not carry the admin key',
  method_not_allowed: 'another HTTP method than the platform uses',
  body_too_large: 'over maxBodyBytes: raise it if genuine',
  client_aborted: 'the client hung up mid-body',
  body_timeout: 'the body took longer than bodyTimeoutMs to arrive: raise it if genuine',
  overloaded: 'maxConcurrentReads bodies were being read: raise it if genuine',
  in_progress: 'the same event is being processed right now: redeliver later',
  processing_failed: 'an event handler threw: see the bot’s onError log',
  idempotency_unavailable: 'the dedupe store (e.g. Redis) did not answer: check it, then redeliver',
  shutting_down: 'the bot is shutting down: redeliver once it is back',
};

/**
 * The explanation of a refusal code (`{"error":"<code>"}`): what failed and the usual fix, on one line.
 * `undefined` for a code it does not know (another service's answer, a newer code).
 *
 * @example
 * ```ts
 * refusalHint('bot_id_mismatch'); // 'a delivery for another bot: check botId / MOMOTALK_BOT_ID'
 * ```
 */
export function refusalHint(code: string): string | undefined {
  return Object.hasOwn(REFUSAL_HINTS, code) ? REFUSAL_HINTS[code] : undefined;
}

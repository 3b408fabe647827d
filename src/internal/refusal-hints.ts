/**
 * @internal What each refusal code means and its usual fix, one line per code: the development log of the
 * receivers and the emulator / CLI share it. Data only; never a secret or a request value in here.
 *
 * @example
 * ```ts fragment
 * console.warn(`webhook refused: 401 invalid_signature: ${REFUSAL_HINTS.invalid_signature}`);
 * ```
 */
export const REFUSAL_HINTS: Readonly<Record<string, string>> = {
  missing_signature: 'no signature header: not sent by the platform, or a proxy dropped it',
  invalid_signature:
    'wrong webhook secret (after restarting `momotalk-bot dev`, copy the new one) or a changed body',
  bot_id_mismatch: 'a delivery for another bot: check botId / MOMOTALK_BOT_ID',
  event_id_mismatch: 'the event id header differs from the signed body',
  missing_bot_id: 'no X-MoMoTalk-Bot-Id header, which getSecret needs',
  unknown_bot: 'getSecret returned no secret for this bot id',
  missing_timestamp: 'maxAgeSeconds is set but the body has no timestamp',
  timestamp_too_old: 'older than maxAgeSeconds: check the clock',
  timestamp_in_future: 'ahead of this clock: check the clock (NTP)',
  invalid_payload: 'not the expected JSON shape (onRejected gets the issues)',
  invalid_json: 'the body is not JSON',
  repeated_parameter: 'a parameter appears twice',
  missing_authorization: 'no Authorization header (`KakaoAK <admin key>`)',
  invalid_authorization: 'Authorization does not carry adminKey',
  method_not_allowed: 'another HTTP method than the platform uses',
  body_too_large: 'over maxBodyBytes: raise it if genuine',
  client_aborted: 'the client hung up mid-body',
  overloaded: 'maxConcurrentReads bodies were being read: raise it if genuine',
};

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
  missing_signature:
    'no signature header (X-MoMoTalk-Bot-Signature; Bizmessage: X-Toast-Webhook-Signature): not sent by the platform, or a proxy dropped it',
  invalid_signature:
    'the signature is malformed (not 64 hex digits, or sent twice), or the webhook secret differs from the one the platform signs with (or something changed the body first); after restarting `momotalk-bot dev` copy the new secret',
  overloaded:
    'more bodies were being read at once than maxConcurrentReads allows: raise it if this is genuine traffic',
  bot_id_mismatch:
    'the delivery is for another bot than botId / MOMOTALK_BOT_ID: check MOMOTALK_BOT_ID, or route each bot to its own handler',
  event_id_mismatch:
    "the X-MoMoTalk-Event-Id header differs from the signed body's event_id: a proxy or replay changed the headers",
  missing_bot_id: 'no X-MoMoTalk-Bot-Id header, which getSecret needs to pick the secret',
  unknown_bot: 'getSecret returned no secret for this bot id: add the bot to your lookup',
  missing_timestamp: 'maxAgeSeconds is set but the signed body has no timestamp',
  timestamp_too_old:
    'the signed timestamp is older than maxAgeSeconds: check the server clock, or raise maxAgeSeconds',
  timestamp_in_future:
    'the signed timestamp is ahead of this clock by more than maxAgeSeconds: check the server clock (NTP)',
  invalid_payload: 'the body is not JSON of the expected shape (onRejected receives the issues)',
  invalid_json: 'the body is not valid JSON',
  repeated_parameter: 'a parameter appears twice in the request',
  missing_authorization: 'no Authorization header: Kakao sends `KakaoAK <primary admin key>`',
  invalid_authorization:
    "the Authorization header does not carry the configured admin key: check adminKey (the app's primary admin key)",
  method_not_allowed: 'the platform uses another HTTP method: check the method registered with the platform',
  body_too_large: 'the body is over maxBodyBytes: raise maxBodyBytes if the deliveries are genuine',
  client_aborted: 'the client closed the connection before sending the whole body (nothing to answer)',
};

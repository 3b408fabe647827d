import type { DeliveryResponse } from './ports.js';

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' } as const;

const OK: DeliveryResponse = Object.freeze({ status: 200, headers: JSON_HEADERS, body: '{"ok":true}' });

/** @internal 200 `{"ok":true}` (one shared, frozen answer). */
export function okResponse(): DeliveryResponse {
  return OK;
}

/**
 * @internal `{"error":"<code>"}`. `code` is one of the SDK's fixed codes; never request data or a secret.
 */
export function errorResponse(
  status: number,
  code: string,
  headers?: Readonly<Record<string, string>>,
): DeliveryResponse {
  return {
    status,
    headers: headers === undefined ? JSON_HEADERS : { ...JSON_HEADERS, ...headers },
    body: JSON.stringify({ error: code }),
  };
}

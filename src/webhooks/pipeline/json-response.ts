import type { DeliveryResponse } from './delivery.js';

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' } as const;

/** @internal `{"ok":true}` with the given 2xx status. */
export function okResponse(status = 200): DeliveryResponse {
  return { status, headers: JSON_HEADERS, body: '{"ok":true}' };
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

const REJECTION = Symbol.for('momotalk-bot-sdk.delivery-rejection');

/**
 * A delivery the pipeline refuses with a 4xx: a provider's `authenticate` or `parse` step returns one
 * instead of throwing. `error` is a short machine-readable code sent as `{"error":"<code>"}`; it must never
 * contain a secret or any part of the request.
 *
 * @example
 * ```ts fragment
 * return rejectDelivery(401, 'invalid_signature');
 * ```
 */
export interface DeliveryRejection {
  /** The 4xx status to answer. */
  readonly status: number;
  /** The machine-readable code in the response body, e.g. `"invalid_signature"`. */
  readonly error: string;
  /** The underlying error (a zod issue list, a verification reason), for logs. Never sent. */
  readonly cause?: unknown;
  /** @internal */
  readonly [REJECTION]: true;
}

/**
 * Creates a {@link DeliveryRejection}.
 *
 * @example
 * ```ts fragment
 * if (!authentic) return rejectDelivery(401, 'invalid_signature');
 * ```
 */
export function rejectDelivery(status: number, error: string, cause?: unknown): DeliveryRejection {
  return cause === undefined
    ? { status, error, [REJECTION]: true }
    : { status, error, cause, [REJECTION]: true };
}

/** @internal True for a value made by {@link rejectDelivery}. */
export function isDeliveryRejection(value: unknown): value is DeliveryRejection {
  return typeof value === 'object' && value !== null && (value as DeliveryRejection)[REJECTION] === true;
}

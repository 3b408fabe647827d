import { type DeliveryRejection, rejectDelivery } from '../receiver/rejection.js';
import { isKakaoPayloadError } from './kakao-payload-error.js';

/**
 * @internal Runs a parse step, turning a `KakaoPayloadError` into a 400 rejection whose code is the error's
 * reason (`invalid_json`, `invalid_payload`, `repeated_parameter`). Anything else is a bug and propagates.
 */
export function parseOrReject<T>(parse: () => T): T | DeliveryRejection {
  try {
    return parse();
  } catch (error) {
    if (isKakaoPayloadError(error)) return rejectDelivery(400, error.reason, error);
    throw error;
  }
}

import type { DeliveryErrorInfo } from '../receiver/receiver-options.js';

/**
 * What a Kakao receiver's `onError` is told besides the error: the receivers' one
 * {@link DeliveryErrorInfo} shape (the MoMoTalk handler's `WebhookErrorInfo` is the same type).
 *
 * @typeParam TEvent - What the receiver's handlers get: a `BizmessageHookEvent` or a `TalkShareWebhook`.
 *
 * @example
 * ```ts
 * import { createBizmessageReceiver } from 'momotalk-bot-sdk/kakao';
 *
 * createBizmessageReceiver({
 *   signature: process.env.NHN_WEBHOOK_SIGNATURE!,
 *   onError: (error, info) => console.error(info.phase, info.eventId, error),
 * });
 * ```
 */
export type KakaoErrorInfo<TEvent> = DeliveryErrorInfo<TEvent>;

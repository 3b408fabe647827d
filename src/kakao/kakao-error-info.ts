import type { DeliveryErrorInfo, DeliveryErrorPhase } from '../receiver/receiver-options.js';

/**
 * What a Kakao receiver's `onError` is told besides the error: the same fields, with the same meaning,
 * as the MoMoTalk handler's `WebhookErrorInfo`.
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
export interface KakaoErrorInfo<TEvent> {
  /** Where it failed; `process` means one of your handlers threw. */
  readonly phase: DeliveryErrorPhase;
  /** The hook or share being processed, when the failure concerns one. */
  readonly event?: TEvent;
  /**
   * Its id, when known: a Bizmessage hook's dedupe key (its `hookId`, or `hooksId#index` for an unknown
   * hook without one); a Talk Share delivery's `X-Kakao-Resource-ID`.
   */
  readonly eventId?: string;
}

/** @internal The user's `onError`, given {@link KakaoErrorInfo} instead of the pipeline's info. */
export function kakaoOnError<TItem, TEvent>(
  onError: ((error: unknown, info: KakaoErrorInfo<TEvent>) => void | Promise<void>) | undefined,
  describe: (item: TItem) => { readonly event: TEvent; readonly eventId: string | undefined },
): ((error: unknown, info: DeliveryErrorInfo<TItem>) => void | Promise<void>) | undefined {
  if (onError === undefined) return undefined;
  return (error, info) => {
    if (info.item === undefined) return onError(error, { phase: info.phase });
    const { event, eventId } = describe(info.item);
    return onError(
      error,
      eventId === undefined ? { phase: info.phase, event } : { phase: info.phase, event, eventId },
    );
  };
}

import * as z from 'zod/mini';
import { looseObjectExactType } from '../../internal/loose-object.js';
import { type OpenString, openString } from '../open-string.js';
import { nullish } from './nullish.js';

/**
 * The documented `kakaoMessageType` values: AlimTalk and FriendTalk, and (since 2025) brand messages.
 *
 * @example
 * ```ts
 * import { KAKAO_MESSAGE_TYPES } from 'momotalk-bot-sdk/kakao';
 *
 * KAKAO_MESSAGE_TYPES.includes('ALIMTALK_NORMAL'); // true
 * ```
 */
export const KAKAO_MESSAGE_TYPES = [
  'ALIMTALK_NORMAL',
  'ALIMTALK_AUTH',
  'ALIMTALK_MASS',
  'FRIENDTALK_NORMAL',
  'FRIENDTALK_MASS',
  'BRAND_MESSAGE_NORMAL',
  'BRAND_MESSAGE_MASS',
] as const;

/**
 * A `kakaoMessageType`: one of {@link KAKAO_MESSAGE_TYPES} (autocompleted) or any other string NHN adds.
 *
 * @example
 * ```ts
 * import type { KakaoMessageType } from 'momotalk-bot-sdk/kakao';
 *
 * const type: KakaoMessageType = 'BRAND_MESSAGE_NORMAL';
 * ```
 */
export type KakaoMessageType = OpenString<(typeof KAKAO_MESSAGE_TYPES)[number]>;

/**
 * zod schema of one `MESSAGE_RESULT_UPDATE` hook (a message's delivery result). Only `hookId` is required;
 * every other field may be absent or `null` (NHN marks none of them required). Dates stay strings (their
 * format is not stated; see `parseKoreanDateTime`). Fields NHN adds later are kept at run time, but the type
 * is exact, so a typo such as `hook.resultCod` does not compile: read such a field with `readExtraField`.
 *
 * `recipientSeq` is a number; the digit string NHN's own sample sends is read as one.
 * `resultCode` is a string: two code families exist (`MRC01`/`MRC02` and `1000`, `1xxx`–`3xxx`) and the
 * documentation does not say which one the webhook carries. `isAddedChannel` (brand messages, 2026) is
 * `true`, `false` or `null`.
 *
 * @example
 * ```ts
 * import { messageResultUpdateHookSchema } from 'momotalk-bot-sdk/kakao';
 *
 * const hook = messageResultUpdateHookSchema.parse({ hookId: 'h-1', resultCode: '1000' });
 * ```
 */
export const messageResultUpdateHookSchema = /* @__PURE__ */ looseObjectExactType({
  /** Unique per event: the dedupe key. */
  hookId: z.string(),
  /** The message type, e.g. `ALIMTALK_NORMAL` or `BRAND_MESSAGE_NORMAL`. */
  kakaoMessageType: nullish(openString(KAKAO_MESSAGE_TYPES)),
  /** The id of the send request. */
  requestId: nullish(z.string()),
  /**
   * The recipient's sequence number within the request: a number, or a digit string (NHN's own sample
   * quotes it, `"recipientSeq": "1"`), read as the number.
   */
  recipientSeq: nullish(
    z.union([
      z.number(),
      z.pipe(
        z.string().check(z.regex(/^\d{1,15}$/)),
        z.transform((digits: string): number => Number(digits)),
      ),
    ]),
  ),
  /** When the message was requested (format not stated; often `yyyy-MM-dd HH:mm:ss`, Korean time). */
  requestDate: nullish(z.string()),
  /** When the message was created (format not stated). */
  createDate: nullish(z.string()),
  /** When the message was received (format not stated; the vendor sample shows `2023-06-01`). */
  receiveDate: nullish(z.string()),
  /** The recipient's phone number. */
  recipientNo: nullish(z.string()),
  /** The delivery result code (`MRC01`/`MRC02` or `1000`, `1xxx`–`3xxx`; see above). */
  resultCode: nullish(z.string()),
  /** The sender's grouping key given at send time. */
  senderGroupingKey: nullish(z.string()),
  /** The recipient's grouping key given at send time. */
  recipientGroupingKey: nullish(z.string()),
  /** Whether the recipient had added the channel (brand messages; `null` when not applicable). */
  isAddedChannel: nullish(z.boolean()),
  /** Links to the message in NHN's API. */
  _links: nullish(
    looseObjectExactType({
      /** The message itself. */
      self: nullish(
        looseObjectExactType({
          /** The message-query API URL. */
          href: nullish(z.string()),
        }),
      ),
    }),
  ),
});

/**
 * One `MESSAGE_RESULT_UPDATE` hook: the delivery result of one message to one recipient.
 *
 * @example
 * ```ts
 * import type { MessageResultUpdateHook } from 'momotalk-bot-sdk/kakao';
 *
 * function delivered(hook: MessageResultUpdateHook): boolean {
 *   return hook.resultCode === '1000';
 * }
 * ```
 */
export type MessageResultUpdateHook = z.infer<typeof messageResultUpdateHookSchema>;

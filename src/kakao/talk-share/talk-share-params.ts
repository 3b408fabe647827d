import * as z from 'zod/mini';
import type { JsonValue } from '../../internal/json-value.js';
import { type OpenString, openString } from '../open-string.js';

/**
 * The documented `CHAT_TYPE` values: the chat the Kakao Talk Share message was delivered to.
 *
 * @example
 * ```ts
 * import { TALK_SHARE_CHAT_TYPES } from 'momotalk-bot-sdk/kakao';
 *
 * TALK_SHARE_CHAT_TYPES.includes('MemoChat'); // true
 * ```
 */
export const TALK_SHARE_CHAT_TYPES = [
  'MemoChat',
  'DirectChat',
  'MultiChat',
  'OpenDirectChat',
  'OpenMultiChat',
] as const;

/**
 * A `CHAT_TYPE`: one of {@link TALK_SHARE_CHAT_TYPES} (autocompleted) or any other value Kakao adds.
 *
 * @example
 * ```ts
 * import type { TalkShareChatType } from 'momotalk-bot-sdk/kakao';
 *
 * const isOpenChat = (type: TalkShareChatType) => type === 'OpenDirectChat' || type === 'OpenMultiChat';
 * ```
 */
export type TalkShareChatType = OpenString<(typeof TALK_SHARE_CHAT_TYPES)[number]>;

/**
 * The app's own `serverCallbackArgs` when no schema was given: every key the app passed, each a
 * {@link JsonValue} (always a string when it came from a query string or a form body).
 *
 * @example
 * ```ts
 * import type { TalkShareArgs } from 'momotalk-bot-sdk/kakao';
 *
 * const userId = (args: TalkShareArgs) => (typeof args.user_id === 'string' ? args.user_id : undefined);
 * ```
 */
export type TalkShareArgs = Record<string, JsonValue>;

/** `""` or `null`: Kakao sends an empty value for an optional parameter it has no value for. */
const absent = z.pipe(
  z.union([z.literal(''), z.null()]),
  z.transform((): undefined => undefined),
);

/**
 * zod schema of the parameters Kakao itself sets on a Talk Share webhook, coercing their GET string
 * forms: `TEMPLATE_ID` `"12345"` → `12345`, `IS_SINGLE_CHATROOM` `"true"`/`"false"` (any case) → boolean.
 * `CHAT_TYPE` and `HASH_CHAT_ID` are required and non-empty; the optional ones may be absent, `""` or
 * `null` (all read as absent). Other keys are the app's `serverCallbackArgs` and are not checked here.
 *
 * @example
 * ```ts
 * import { talkShareKakaoParamsSchema } from 'momotalk-bot-sdk/kakao';
 *
 * talkShareKakaoParamsSchema.parse({ CHAT_TYPE: 'MemoChat', HASH_CHAT_ID: 'abc', TEMPLATE_ID: '12345' });
 * ```
 */
export const talkShareKakaoParamsSchema = z.object({
  /** The kind of chat; required. */
  CHAT_TYPE: z.pipe(z.string().check(z.minLength(1)), openString(TALK_SHARE_CHAT_TYPES)),
  /** The per-service chat room hash; required. */
  HASH_CHAT_ID: z.string().check(z.minLength(1)),
  /** The template id, from a number or a digit string. */
  TEMPLATE_ID: z.optional(
    z.union([
      absent,
      z.int().check(z.nonnegative()),
      z.pipe(
        z.string().check(z.regex(/^\d{1,15}$/)),
        z.transform((digits: string): number => Number(digits)),
      ),
    ]),
  ),
  /** Whether only the sender is in the chat, from a boolean or `"true"`/`"false"`. */
  IS_SINGLE_CHATROOM: z.optional(
    z.union([
      absent,
      z.boolean(),
      z.pipe(
        z.string().check(z.regex(/^(?:true|false)$/i)),
        z.transform((value: string): boolean => value.toLowerCase() === 'true'),
      ),
    ]),
  ),
  /** The member-count range, kept a string. */
  CHAT_MEMBER_COUNT_RANGE: z.optional(
    z.union([
      absent,
      z.string(),
      z.pipe(
        z.number(),
        z.transform((count: number): string => String(count)),
      ),
    ]),
  ),
});

/** @internal The keys Kakao sets; every other key is the app's. */
export const KAKAO_PARAM_KEYS: ReadonlySet<string> = new Set([
  'CHAT_TYPE',
  'HASH_CHAT_ID',
  'TEMPLATE_ID',
  'IS_SINGLE_CHATROOM',
  'CHAT_MEMBER_COUNT_RANGE',
]);

/**
 * One Kakao Talk Share webhook, parsed: Kakao's parameters under their wire names, and the app's own
 * `serverCallbackArgs` (every other key), typed by the schema given to the parser or receiver.
 *
 * @typeParam Args - The type of `serverCallbackArgs`; {@link TalkShareArgs} without a schema.
 *
 * @example
 * ```ts
 * import type { TalkShareWebhook } from 'momotalk-bot-sdk/kakao';
 *
 * function log(share: TalkShareWebhook<{ shareId: string }>) {
 *   console.log(share.CHAT_TYPE, share.HASH_CHAT_ID, share.serverCallbackArgs.shareId);
 * }
 * ```
 */
export interface TalkShareWebhook<Args = TalkShareArgs> {
  /** The kind of chat the message was delivered to. */
  readonly CHAT_TYPE: TalkShareChatType;
  /** A per-service hash of the chat room (the same room has a different id in another service). */
  readonly HASH_CHAT_ID: string;
  /** The message template id, when the share used one. */
  readonly TEMPLATE_ID?: number;
  /** Whether only the sender is in the chat (apps with paid usage only). */
  readonly IS_SINGLE_CHATROOM?: boolean;
  /** The range of the number of chat members (apps with paid usage only; values are not published). */
  readonly CHAT_MEMBER_COUNT_RANGE?: string;
  /** The app's own parameters, from the share call's `serverCallbackArgs`. */
  readonly serverCallbackArgs: Args;
}

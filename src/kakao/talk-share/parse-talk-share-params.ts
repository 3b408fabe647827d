import * as z from 'zod/mini';
import { KakaoPayloadError, payloadErrorFromIssues } from '../kakao-payload-error.js';
import {
  KAKAO_PARAM_KEYS,
  type TalkShareArgs,
  type TalkShareWebhook,
  talkShareKakaoParamsSchema,
} from './talk-share-params.js';

/**
 * Options of {@link parseTalkShareParams} (also accepted by `createTalkShareReceiver`).
 *
 * @typeParam Schema - The zod schema of the app's `serverCallbackArgs`.
 *
 * @example
 * ```ts
 * import * as z from 'zod/mini';
 *
 * const options: TalkShareParseOptions = { serverCallbackArgs: z.object({ shareId: z.string() }) };
 * ```
 */
export interface TalkShareParseOptions<Schema extends z.core.$ZodType = z.core.$ZodType> {
  /**
   * A zod schema (classic `zod` or `zod/mini`) for the app's own parameters: every key besides Kakao's
   * five. From a GET query string or a form body every value is a string, so use coercion for numbers
   * (`z.coerce.number()`) to accept both GET and JSON POST deliveries. Without it, the args are
   * {@link TalkShareArgs}, as sent.
   * @default undefined
   */
  readonly serverCallbackArgs?: Schema | undefined;
}

/**
 * Parses the parameters of a Kakao Talk Share webhook into one typed object. Does not verify anything:
 * check `Authorization` first, or use `createTalkShareReceiver`, which also reads GET and POST requests.
 *
 * @param input - The query string of a GET delivery as `URLSearchParams`, or a POST body already parsed
 * into an object (JSON, or a form body through `Object.fromEntries`).
 * @param options - The schema of the app's `serverCallbackArgs`; see {@link TalkShareParseOptions}.
 * @returns Kakao's parameters (coerced from their string forms) and the app's `serverCallbackArgs`.
 * @throws {KakaoPayloadError} `repeated_parameter` when a key appears more than once in `URLSearchParams`
 * (a repeated `CHAT_TYPE` can only be tampering); `invalid_payload` when `CHAT_TYPE` or `HASH_CHAT_ID` is
 * missing, a coerced parameter has a value of the wrong form, or the args fail the schema.
 *
 * @example
 * ```ts
 * import * as z from 'zod';
 * import { parseTalkShareParams } from 'momotalk-bot-sdk/kakao';
 *
 * const share = parseTalkShareParams(new URL(request.url).searchParams, {
 *   serverCallbackArgs: z.object({ shareId: z.string(), uid: z.string() }),
 * });
 * share.serverCallbackArgs.shareId; // string
 * ```
 */
export function parseTalkShareParams<Schema extends z.core.$ZodType>(
  input: URLSearchParams | Readonly<Record<string, unknown>>,
  options: TalkShareParseOptions<Schema> & { readonly serverCallbackArgs: Schema },
): TalkShareWebhook<z.core.output<Schema>>;
export function parseTalkShareParams(
  input: URLSearchParams | Readonly<Record<string, unknown>>,
  options?: TalkShareParseOptions<z.core.$ZodType>,
): TalkShareWebhook<TalkShareArgs>;
export function parseTalkShareParams(
  input: URLSearchParams | Readonly<Record<string, unknown>>,
  options: TalkShareParseOptions<z.core.$ZodType> = {},
): TalkShareWebhook<unknown> {
  const params = input instanceof URLSearchParams ? searchParamsToRecord(input) : input;
  if (typeof params !== 'object' || params === null || Array.isArray(params)) {
    throw new KakaoPayloadError('invalid_payload', 'Talk Share webhook parameters must be an object.');
  }
  const known = z.safeParse(talkShareKakaoParamsSchema, params);
  if (!known.success) throw payloadErrorFromIssues('The Talk Share webhook parameters', known.error.issues);

  const rest: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(params)) {
    // A `__proto__` argument (a form or query key, or an object a caller parsed) is dropped, as
    // parseJsonBody drops it from JSON: a copy of the args would otherwise inherit from its value.
    if (!KAKAO_PARAM_KEYS.has(key) && key !== '__proto__') rest[key] = value;
  }
  let args: unknown = rest;
  if (options.serverCallbackArgs !== undefined) {
    const result = z.safeParse(options.serverCallbackArgs, rest);
    if (!result.success) {
      const issues = result.error.issues.map((issue) => ({
        ...issue,
        path: ['serverCallbackArgs', ...issue.path],
      }));
      throw payloadErrorFromIssues('The Talk Share serverCallbackArgs', issues);
    }
    args = result.data;
  }

  const { CHAT_TYPE, HASH_CHAT_ID, TEMPLATE_ID, IS_SINGLE_CHATROOM, CHAT_MEMBER_COUNT_RANGE } = known.data;
  return {
    CHAT_TYPE,
    HASH_CHAT_ID,
    ...(TEMPLATE_ID === undefined ? {} : { TEMPLATE_ID }),
    ...(IS_SINGLE_CHATROOM === undefined ? {} : { IS_SINGLE_CHATROOM }),
    ...(CHAT_MEMBER_COUNT_RANGE === undefined ? {} : { CHAT_MEMBER_COUNT_RANGE }),
    serverCallbackArgs: args,
  };
}

/**
 * @internal The parameters as a plain object. Any key present more than once is refused: Kakao sends
 * each parameter once, and "first wins" or "last wins" would let an appended `CHAT_TYPE` override the
 * real one behind a proxy that reads the other end.
 */
export function searchParamsToRecord(search: URLSearchParams): Record<string, string> {
  const record: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [key, value] of search) {
    if (Object.hasOwn(record, key)) throw repeatedParameter(key);
    record[key] = value;
  }
  return record;
}

/** @internal The error for a parameter that appears more than once (its name shortened, never a value). */
export function repeatedParameter(key: string): KakaoPayloadError {
  return new KakaoPayloadError(
    'repeated_parameter',
    `The Talk Share webhook parameter "${truncate(key)}" appears more than once.`,
  );
}

function truncate(key: string): string {
  return key.length > 64 ? `${key.slice(0, 64)}…` : key;
}

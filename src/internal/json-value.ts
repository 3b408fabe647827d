/**
 * A JSON value, in read-only form so that `as const` objects and readonly arrays are accepted: what
 * `metadata` in `sendMessage` and Kakao Talk Share arguments may hold. Defined once here and re-exported
 * from the root entry and `momotalk-bot-sdk/kakao`.
 *
 * @example
 * ```ts
 * import type { JsonValue } from 'momotalk-bot-sdk';
 *
 * const metadata: Record<string, JsonValue> = { intent: 'ack', tags: ['faq'], score: 0.9 };
 * ```
 */
export type JsonValue =
  | string
  | number
  | boolean
  | null
  | readonly JsonValue[]
  | { readonly [key: string]: JsonValue };

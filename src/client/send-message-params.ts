import * as z from 'zod/mini';
import type { JsonValue } from '../internal/json-value.js';
import type { MoMoTalkId } from '../momotalk/events/message-schema.js';
import { describeNonJson } from './describe-non-json.js';

export type { JsonValue } from '../internal/json-value.js';

/**
 * The body of `POST /bots/{bot_id}/messages`, with the platform's wire names.
 *
 * @example
 * ```ts
 * const params: SendMessageParams = {
 *   room_id: 123,
 *   reply_to_message_id: 456,
 *   body: 'Thanks. I received your message.',
 *   metadata: { intent: 'ack' },
 * };
 * ```
 */
export interface SendMessageParams {
  /** The room to post in: `event.message.room_id` from a webhook. */
  room_id: MoMoTalkId;
  /** The message text. Must not be empty. */
  body: string;
  /** The message this one answers: `event.message.message_id`. */
  reply_to_message_id?: MoMoTalkId | undefined;
  /** Free-form JSON data attached to the message (the guide's example: `{ intent: 'ack' }`). */
  metadata?: { readonly [key: string]: JsonValue | undefined } | undefined;
}

/**
 * @internal The zod/mini schema for {@link SendMessageParams}, built on first use and then reused. Unknown
 * keys are dropped: only the documented fields are sent. Built lazily, not at module level, so a bundle
 * that never sends a message (a webhook-only edge function) drops it: a top-level `z.object(…)` call is a
 * side effect a bundler must keep.
 */
export function sendMessageParamsSchema(): SendMessageParamsSchema {
  schema ??= buildSchema();
  return schema;
}

type SendMessageParamsSchema = ReturnType<typeof buildSchema>;

let schema: SendMessageParamsSchema | undefined;

function buildSchema() {
  const id = z.union([
    z.number().check(z.refine((value) => Number.isSafeInteger(value), 'must be a safe integer')),
    z.string().check(z.minLength(1, 'must not be empty')),
  ]);
  const jsonObject = z.custom<Record<string, unknown>>(
    (value) =>
      typeof value === 'object' &&
      value !== null &&
      !Array.isArray(value) &&
      (Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null),
    'must be a plain object',
  );
  return z.object({
    room_id: id,
    body: z.string().check(z.minLength(1, 'must not be empty')),
    reply_to_message_id: z.optional(id),
    metadata: z.optional(
      jsonObject.check(
        z.superRefine((value, context) => {
          const problem = describeNonJson(value);
          if (problem !== undefined)
            context.addIssue({ code: 'custom', message: `is not JSON-serialisable: ${problem}` });
        }),
      ),
    ),
  });
}

/**
 * @internal Validates `input` and returns the wire object, or throws a `TypeError` that names every problem.
 *
 * @throws {TypeError} `[momotalk-bot-sdk] sendMessage: room_id is required; body must not be empty`.
 */
export function validateSendMessageParams(input: unknown, fn = 'sendMessage'): SendMessageParams {
  const result = z.safeParse(sendMessageParamsSchema(), input);
  if (result.success) return result.data as SendMessageParams;
  const problems = result.error.issues.map((issue) => {
    if (issue.path.length === 0) return 'params must be an object like { room_id, body }';
    const field = issue.path.join('.');
    const value = (input as Record<PropertyKey, unknown>)[issue.path[0] as PropertyKey];
    if (issue.path.length === 1 && value === undefined) return `${field} is required`;
    if (issue.code === 'invalid_union') return `${field} must be an integer or a non-empty string`;
    if (issue.code === 'invalid_type') return `${field} must be a ${issue.expected}`;
    return `${field} ${issue.message}`;
  });
  throw new TypeError(`[momotalk-bot-sdk] ${fn}: ${problems.join('; ')}.`, { cause: result.error });
}

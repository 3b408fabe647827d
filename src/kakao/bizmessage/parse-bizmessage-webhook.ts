import * as z from 'zod/mini';
import { parseJsonBody } from '../../internal/parse-json-body.js';
import { KakaoPayloadError, payloadErrorFromIssues } from '../kakao-payload-error.js';
import { bizmessageEnvelopeSchema } from './envelope.js';
import type { BizmessageHookEvent, BizmessageWebhook, UnknownBizmessageHook } from './hook-event.js';
import { messageResultUpdateHookSchema } from './message-result-hook.js';
import { looksLikeTemplateStatusHook, templateStatusUpdateHookSchema } from './template-status-hook.js';

/**
 * Options of {@link parseBizmessageWebhook} (also accepted by `createBizmessageReceiver`).
 *
 * @example
 * ```ts
 * const options: BizmessageParseOptions = { templateStatusEvents: ['TEMPLATE_STATUS_UPDATE', 'TEMPLATE_UPDATE'] };
 * ```
 */
export interface BizmessageParseOptions {
  /**
   * Envelope `event` names whose hooks are template status hooks, validated as such (a hook of the wrong
   * shape is an `'INVALID'` item). NHN does not publish the name; the default is the name third-party
   * code uses. Hooks with the template shape under any other unknown event are recognised anyway.
   * @default ['TEMPLATE_STATUS_UPDATE']
   */
  readonly templateStatusEvents?: readonly string[] | undefined;
}

const DEFAULT_TEMPLATE_STATUS_EVENTS: readonly string[] = ['TEMPLATE_STATUS_UPDATE'];

/**
 * Parses an NHN Cloud KakaoTalk Bizmessage webhook body into its envelope and typed hooks. Does not
 * verify anything: check `X-Toast-Webhook-Signature` first (the receiver does), or use
 * `createBizmessageReceiver`.
 *
 * - `MESSAGE_RESULT_UPDATE` hooks are validated with {@link messageResultUpdateHookSchema}.
 * - Template status hooks are recognised by name (`templateStatusEvents`) and by shape.
 * - Hooks of any other event (other NHN products, future events) come back as `'UNKNOWN'`, never an error.
 * - A hook that fails its schema (or is not an object) comes back as an `'INVALID'` item with its error:
 *   one odd hook never makes the valid hooks beside it unreadable. Only the envelope itself can fail.
 *
 * @param input - The raw body (string, Uint8Array/Buffer, ArrayBuffer) or an already parsed JSON value.
 * @param options - See {@link BizmessageParseOptions}.
 * @returns The envelope and each hook, in order.
 * @throws {KakaoPayloadError} `invalid_json` when the body is not JSON; `invalid_payload` when the
 * envelope lacks `hooksId` or a `hooks` array.
 *
 * @example
 * ```ts
 * import { parseBizmessageWebhook } from 'momotalk-bot-sdk/kakao';
 *
 * const { envelope, hooks } = parseBizmessageWebhook(await request.text());
 * for (const item of hooks) {
 *   if (item.kind === 'MESSAGE_RESULT_UPDATE') console.log(envelope.hooksId, item.hook.resultCode);
 * }
 * ```
 */
export function parseBizmessageWebhook(
  input: unknown,
  options: BizmessageParseOptions = {},
): BizmessageWebhook {
  const json = parseJsonBody(input, invalidJson);
  const envelopeResult = bizmessageEnvelopeSchema.safeParse(json);
  if (!envelopeResult.success) {
    throw payloadErrorFromIssues('The Bizmessage webhook envelope', envelopeResult.error.issues);
  }
  const envelope = envelopeResult.data;
  const event = envelope.event ?? undefined;
  const templateEvents = options.templateStatusEvents ?? DEFAULT_TEMPLATE_STATUS_EVENTS;
  const hooks = envelope.hooks.map((raw, index): BizmessageHookEvent => {
    const invalid = (error: KakaoPayloadError): BizmessageHookEvent => ({
      kind: 'INVALID',
      event,
      hook: raw,
      error,
      key: hookKey(raw, envelope.hooksId, index),
      index,
      envelope,
    });
    if (event === 'MESSAGE_RESULT_UPDATE') {
      const result = z.safeParse(messageResultUpdateHookSchema, raw);
      if (!result.success) return invalid(hookError(result.error.issues, index));
      return { kind: 'MESSAGE_RESULT_UPDATE', hook: result.data, key: result.data.hookId, index, envelope };
    }
    if (event !== undefined && templateEvents.includes(event)) {
      const result = z.safeParse(templateStatusUpdateHookSchema, raw);
      if (!result.success) return invalid(hookError(result.error.issues, index));
      return { kind: 'TEMPLATE_STATUS', hook: result.data, key: result.data.hookId, index, envelope };
    }
    if (looksLikeTemplateStatusHook(raw)) {
      // Recognised by shape only: a guess, so a hook that does not fully fit stays unknown.
      const result = templateStatusUpdateHookSchema.safeParse(raw);
      if (result.success)
        return { kind: 'TEMPLATE_STATUS', hook: result.data, key: result.data.hookId, index, envelope };
    }
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      return invalid(new KakaoPayloadError('invalid_payload', `Bizmessage hook #${index} is not an object.`));
    }
    const hook = raw as UnknownBizmessageHook;
    return { kind: 'UNKNOWN', event, hook, key: hookKey(raw, envelope.hooksId, index), index, envelope };
  });
  return { envelope, hooks };
}

/** `hookId` when the hook has a non-empty one, else `hooksId#index` (unique within the delivery). */
function hookKey(raw: unknown, hooksId: string, index: number): string {
  const hookId = typeof raw === 'object' && raw !== null ? (raw as { hookId?: unknown }).hookId : undefined;
  return typeof hookId === 'string' && hookId !== '' ? hookId : `${hooksId}#${index}`;
}

function hookError(issues: readonly z.core.$ZodIssue[], index: number): KakaoPayloadError {
  return payloadErrorFromIssues(
    `Bizmessage hook #${index}`,
    issues.map((issue) => ({ ...issue, path: ['hooks', index, ...issue.path] })),
  );
}

function invalidJson(cause: unknown, text: string): KakaoPayloadError {
  const message =
    text.trim() === ''
      ? 'The Bizmessage webhook body is empty.'
      : 'The Bizmessage webhook body is not valid JSON.';
  return new KakaoPayloadError('invalid_json', message, { cause });
}

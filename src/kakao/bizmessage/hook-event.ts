import type { KakaoPayloadError } from '../kakao-payload-error.js';
import type { BizmessageEnvelope } from './envelope.js';
import type { MessageResultUpdateHook } from './message-result-hook.js';
import type { TemplateStatusUpdateHook } from './template-status-hook.js';

/**
 * A hook of an event this SDK does not type (another NHN product, a future event): any object, kept as
 * sent.
 *
 * @example
 * ```ts
 * import type { UnknownBizmessageHook } from 'momotalk-bot-sdk/kakao';
 *
 * const id = (hook: UnknownBizmessageHook) => hook.hookId;
 * ```
 */
export type UnknownBizmessageHook = { readonly [key: string]: unknown };

/**
 * One hook of a Bizmessage delivery, recognised and typed, discriminated on `kind` (set by this SDK; the
 * hook itself is exactly as sent):
 *
 * - `'MESSAGE_RESULT_UPDATE'`: the envelope's `event` is `MESSAGE_RESULT_UPDATE`.
 * - `'TEMPLATE_STATUS'`: the envelope's `event` is one of the receiver's `templateStatusEvents`, or the
 *   hook has the template hook's shape (`templateCode` + `status`) under an event this SDK does not know.
 * - `'UNKNOWN'`: anything else; `event` is the envelope's event, possibly `undefined`.
 * - `'INVALID'`: a hook of a known event whose shape is wrong (or a hook that is not an object): `error`
 *   says why, `hook` is the value as sent. It does not sink the valid hooks beside it in its envelope.
 *
 * `key` is the deduplication key: `hookId`, or `hooksId#index` for an unknown or invalid hook without one.
 *
 * @example
 * ```ts
 * import { parseBizmessageWebhook } from 'momotalk-bot-sdk/kakao';
 *
 * for (const item of parseBizmessageWebhook(rawBody).hooks) {
 *   if (item.kind === 'MESSAGE_RESULT_UPDATE') console.log(item.hook.resultCode);
 *   else if (item.kind === 'TEMPLATE_STATUS') console.log(item.hook.templateCode, item.hook.status);
 * }
 * ```
 */
export type BizmessageHookEvent =
  | {
      /** What the hook is (set by this SDK). */
      readonly kind: 'MESSAGE_RESULT_UPDATE';
      /** The hook, as sent. */
      readonly hook: MessageResultUpdateHook;
      /** The dedupe key. */
      readonly key: string;
      /** The hook's position in `hooks`. */
      readonly index: number;
      /** The delivery's envelope, as sent (the same object for every hook of a delivery). */
      readonly envelope: BizmessageEnvelope;
    }
  | {
      /** What the hook is (set by this SDK). */
      readonly kind: 'TEMPLATE_STATUS';
      /** The hook, as sent. */
      readonly hook: TemplateStatusUpdateHook;
      /** The dedupe key. */
      readonly key: string;
      /** The hook's position in `hooks`. */
      readonly index: number;
      /** The delivery's envelope, as sent (the same object for every hook of a delivery). */
      readonly envelope: BizmessageEnvelope;
    }
  | {
      /** A hook that could not be read (set by this SDK). */
      readonly kind: 'INVALID';
      /** The envelope's `event`. */
      readonly event: string | undefined;
      /** The hook as sent: any JSON value. */
      readonly hook: unknown;
      /** Why it is invalid (`invalid_payload`; `issues` has zod's findings, paths under `hooks.<index>`). */
      readonly error: KakaoPayloadError;
      /** The dedupe key. */
      readonly key: string;
      /** The hook's position in `hooks`. */
      readonly index: number;
      /** The delivery's envelope, as sent (the same object for every hook of a delivery). */
      readonly envelope: BizmessageEnvelope;
    }
  | {
      /** What the hook is (set by this SDK). */
      readonly kind: 'UNKNOWN';
      /** The envelope's `event`. */
      readonly event: string | undefined;
      /** The hook, as sent. */
      readonly hook: UnknownBizmessageHook;
      /** The dedupe key. */
      readonly key: string;
      /** The hook's position in `hooks`. */
      readonly index: number;
      /** The delivery's envelope, as sent (the same object for every hook of a delivery). */
      readonly envelope: BizmessageEnvelope;
    };

/**
 * A parsed Bizmessage delivery: the envelope as sent, and each of its hooks recognised and typed.
 *
 * @example
 * ```ts
 * import { parseBizmessageWebhook, type BizmessageWebhook } from 'momotalk-bot-sdk/kakao';
 *
 * const webhook: BizmessageWebhook = parseBizmessageWebhook(rawBody);
 * console.log(webhook.envelope.hooksId, webhook.hooks.length);
 * ```
 */
export interface BizmessageWebhook {
  /** The envelope as sent. */
  readonly envelope: BizmessageEnvelope;
  /** Each hook, recognised and typed, in order. */
  readonly hooks: readonly BizmessageHookEvent[];
}

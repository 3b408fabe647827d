/**
 * `momotalk-bot-sdk/kakao`: receivers for the two Kakao-side webhooks, on the same delivery pipeline as
 * the MoMoTalk handler (so every adapter and the idempotency stores work with them).
 *
 * - NHN Cloud KakaoTalk Bizmessage: {@link createBizmessageReceiver} (`X-Toast-Webhook-Signature`, many
 *   hooks per delivery, deduplicated per `hookId`).
 * - Kakao Talk Share: {@link createTalkShareReceiver} (`Authorization: KakaoAK …`, GET or POST,
 *   acknowledged first, deduplicated on `X-Kakao-Resource-ID`).
 *
 * Nothing here imports `node:*` statically, so the entry runs on edge runtimes too.
 *
 * @example
 * ```ts
 * import { createBizmessageReceiver, createTalkShareReceiver } from 'momotalk-bot-sdk/kakao';
 *
 * const nhn = createBizmessageReceiver({ signature: process.env.NHN_WEBHOOK_SIGNATURE! })
 *   .on('MESSAGE_RESULT_UPDATE', (hook) => console.log(hook.resultCode));
 * const share = createTalkShareReceiver({ adminKey: process.env.KAKAO_ADMIN_KEY! })
 *   .onShare((params) => console.log(params.CHAT_TYPE));
 * ```
 *
 * @module
 */

// JSON values (the same type the root entry exports)
export type { JsonValue } from '../internal/json-value.js';
// Reading fields the exact hook types do not declare (the same function the root entry exports)
export { readExtraField } from '../internal/read-extra-field.js';
// NHN Cloud KakaoTalk Bizmessage
export type {
  BizmessageEventMap,
  BizmessageHookContext,
  BizmessageHookHandler,
  BizmessageInvalidHookHandler,
  BizmessageReceiver,
  BizmessageReceiverOptions,
} from './bizmessage/bizmessage-receiver.js';
export { createBizmessageReceiver } from './bizmessage/bizmessage-receiver.js';
export type { BizmessageEnvelope, BizmessageEventName } from './bizmessage/envelope.js';
export { BIZMESSAGE_EVENTS, bizmessageEnvelopeSchema } from './bizmessage/envelope.js';
export type {
  BizmessageHookEvent,
  BizmessageWebhook,
  UnknownBizmessageHook,
} from './bizmessage/hook-event.js';
export type { KakaoMessageType, MessageResultUpdateHook } from './bizmessage/message-result-hook.js';
export { KAKAO_MESSAGE_TYPES, messageResultUpdateHookSchema } from './bizmessage/message-result-hook.js';
export type { BizmessageParseOptions } from './bizmessage/parse-bizmessage-webhook.js';
export { parseBizmessageWebhook } from './bizmessage/parse-bizmessage-webhook.js';
export type {
  TemplateComment,
  TemplateCommentStatus,
  TemplateStatus,
  TemplateStatusUpdateHook,
} from './bizmessage/template-status-hook.js';
export {
  TEMPLATE_COMMENT_STATUSES,
  TEMPLATE_STATUSES,
  templateCommentSchema,
  templateStatusUpdateHookSchema,
} from './bizmessage/template-status-hook.js';
export { verifyBizmessageSignature } from './bizmessage/verify-bizmessage-signature.js';
// Shared
export type { KakaoErrorInfo } from './kakao-error-info.js';
export type { KakaoPayloadErrorReason } from './kakao-payload-error.js';
export { isKakaoPayloadError, KakaoPayloadError } from './kakao-payload-error.js';
export { parseKoreanDateTime } from './korean-time.js';
export type { OpenString } from './open-string.js';
// Kakao Talk Share
export type { TalkShareParseOptions } from './talk-share/parse-talk-share-params.js';
export { parseTalkShareParams } from './talk-share/parse-talk-share-params.js';
export type {
  TalkShareArgs,
  TalkShareChatType,
  TalkShareWebhook,
} from './talk-share/talk-share-params.js';
export { TALK_SHARE_CHAT_TYPES, talkShareKakaoParamsSchema } from './talk-share/talk-share-params.js';
export type {
  TalkShareContext,
  TalkShareHandler,
  TalkShareReceiver,
  TalkShareReceiverOptions,
} from './talk-share/talk-share-receiver.js';
export { createTalkShareReceiver } from './talk-share/talk-share-receiver.js';
export { verifyTalkShareAuthorization } from './talk-share/verify-talk-share-authorization.js';

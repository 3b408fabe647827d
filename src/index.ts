/**
 * momotalk-bot-sdk: verify MoMoTalk webhooks, handle typed events, and send messages as a bot.
 *
 * Importing this entry does not load ky: the Bot API client loads it on its first request, so a
 * webhook-only function pays only for verification and parsing.
 *
 * Exports are grouped by source folder (Biome keeps them sorted by path), one `export` per module.
 *
 * @module
 */

export type { FetchHandler } from './adapters/fetch.js';
// Bot API client (src/client)
export { BotClient } from './client/bot-client.js';
export type {
  BotClientHooks,
  BotClientLogger,
  BotClientOptions,
  RequestHookInfo,
  RequestOptions,
  ResponseHookInfo,
} from './client/client-options.js';
export type { ReplyTarget } from './client/reply-target.js';
export type { RetryInfo, RetryOptions } from './client/retry-policy.js';
export type { JsonValue, SendMessageParams } from './client/send-message-params.js';
export type { SendMessageResponseData, SendMessageResult } from './client/send-message-result.js';
// Errors (src/errors)
export {
  isMoMoTalkApiError,
  isMoMoTalkRateLimitError,
  MoMoTalkApiError,
  type MoMoTalkApiErrorInit,
  MoMoTalkAuthenticationError,
  MoMoTalkBadRequestError,
  MoMoTalkConflictError,
  MoMoTalkNotFoundError,
  MoMoTalkPermissionDeniedError,
  MoMoTalkRateLimitError,
  MoMoTalkServerError,
  MoMoTalkUnprocessableEntityError,
} from './errors/api-error.js';
export { BodyTooLargeError, isBodyTooLargeError } from './errors/body-too-large-error.js';
export {
  isMoMoTalkConnectionError,
  MoMoTalkConnectionError,
  type MoMoTalkConnectionErrorInit,
} from './errors/connection-error.js';
export { isMoMoTalkError, MoMoTalkError } from './errors/momotalk-error.js';
export {
  isMoMoTalkTimeoutError,
  MoMoTalkTimeoutError,
  type MoMoTalkTimeoutErrorInit,
} from './errors/timeout-error.js';
export {
  isWebhookPayloadError,
  WebhookPayloadError,
} from './errors/webhook-payload-error.js';
export {
  isWebhookVerificationError,
  WebhookVerificationError,
  type WebhookVerificationReason,
} from './errors/webhook-verification-error.js';
// Exactly-once processing (src/idempotency)
export type {
  ClaimOptions,
  ClaimResult,
  CompleteOptions,
  IdempotencyStore,
} from './idempotency/idempotency-store.js';
export { MemoryIdempotencyStore, type MemoryIdempotencyStoreOptions } from './idempotency/memory-store.js';
export { readExtraField } from './internal/read-extra-field.js';
// MoMoTalk webhooks (src/momotalk): signature, typed events, the handler; the receiver ports (src/receiver)
export {
  type ConstructWebhookEventOptions,
  constructWebhookEvent,
  constructWebhookEventAsync,
} from './momotalk/events/construct-webhook-event.js';
export {
  isKnownWebhookEventType,
  type WebhookEventMap,
  type WebhookEventType,
} from './momotalk/events/known-webhook-events.js';
export {
  type MessageCreatedEvent,
  messageCreatedEventSchema,
} from './momotalk/events/message-created-event.js';
export {
  type Message,
  type MessageType,
  type MoMoTalkId,
  messageSchema,
} from './momotalk/events/message-schema.js';
export { parseWebhookEvent, type WebhookEventInput } from './momotalk/events/parse-webhook-event.js';
export {
  type UnknownWebhookEvent,
  type UnknownWebhookEventType,
  unknownWebhookEventSchema,
} from './momotalk/events/unknown-webhook-event.js';
export { type WebhookEvent, webhookEventSchema } from './momotalk/events/webhook-event.js';
export {
  createWebhookHandler,
  type HandleEventOptions,
  type WebhookHandler,
} from './momotalk/handler/create-webhook-handler.js';
export { type UnknownEventTypeName, unknownEventType } from './momotalk/handler/unknown-event-type.js';
export type {
  ReplyClient,
  WebhookContext,
  WebhookContextBase,
  WebhookReplyContext,
} from './momotalk/handler/webhook-context.js';
export type {
  EventHandler,
  EventOfType,
  EventTypeName,
  WebhookErrorInfo,
  WebhookHandlerOptions,
} from './momotalk/handler/webhook-handler-options.js';
export { MOMOTALK_HEADERS } from './momotalk/headers.js';
export { type HeadersLike, readHeader } from './momotalk/read-header.js';
export type { RawBody } from './momotalk/signature/raw-body.js';
export { signWebhook } from './momotalk/signature/sign-webhook.js';
export { signWebhookAsync } from './momotalk/signature/sign-webhook-async.js';
export { verifyWebhook } from './momotalk/signature/verify-webhook.js';
export { verifyWebhookAsync } from './momotalk/signature/verify-webhook-async.js';
export type { WebhookSecret } from './momotalk/signature/webhook-secret.js';
export type { Receiver } from './receiver/create-receiver.js';
export type { DedupeOptions, DedupeSetting } from './receiver/dedupe-options.js';
export type { InboxEntry, InboxWriter } from './receiver/inbox-writer.js';
export type { DeliveryResponse, IncomingDelivery, WebhookReceiver } from './receiver/ports.js';
export type {
  AcknowledgeMode,
  DeliveryErrorInfo,
  DeliveryErrorPhase,
  DeliveryRejectionInfo,
  ReceiverOptions,
} from './receiver/receiver-options.js';

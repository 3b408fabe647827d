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

// Webhooks (src/webhooks): verification, typed events, the handler, the delivery pipeline ports
export {
  type ConstructWebhookEventOptions,
  constructWebhookEvent,
  constructWebhookEventAsync,
} from './webhooks/construct-webhook-event.js';

export { createWebhookHandler, type WebhookHandler } from './webhooks/handler/create-webhook-handler.js';
export { type UnknownEventTypeName, unknownEventType } from './webhooks/handler/unknown-event-type.js';
export type {
  ReplyClient,
  WebhookContext,
  WebhookContextBase,
  WebhookReplyContext,
} from './webhooks/handler/webhook-context.js';
export type {
  EventHandler,
  EventOfType,
  EventTypeName,
  WebhookErrorInfo,
  WebhookHandlerOptions,
} from './webhooks/handler/webhook-handler-options.js';
export {
  isKnownWebhookEventType,
  type WebhookEventMap,
  type WebhookEventType,
} from './webhooks/known-webhook-events.js';
export { type MessageCreatedEvent, messageCreatedEventSchema } from './webhooks/message-created-event.js';
export { type Message, type MessageType, type MoMoTalkId, messageSchema } from './webhooks/message-schema.js';
export { MOMOTALK_HEADERS } from './webhooks/momotalk-headers.js';
export { parseWebhookEvent, type WebhookEventInput } from './webhooks/parse-webhook-event.js';
export type { Receiver } from './webhooks/pipeline/create-receiver.js';
export type { DedupeOptions, DedupeSetting } from './webhooks/pipeline/dedupe-options.js';
export type { DeliveryResponse, IncomingDelivery, WebhookReceiver } from './webhooks/pipeline/delivery.js';
export type { FetchHandler } from './webhooks/pipeline/fetch-delivery.js';
export type {
  AcknowledgeMode,
  DeliveryErrorInfo,
  DeliveryErrorPhase,
  DeliveryRejectionInfo,
  ReceiverOptions,
} from './webhooks/pipeline/receiver-config.js';
export type { RawBody } from './webhooks/raw-body.js';
export { readExtraField } from './webhooks/read-extra-field.js';
export { type HeadersLike, readHeader } from './webhooks/read-header.js';
export { signWebhook } from './webhooks/sign-webhook.js';
export { signWebhookAsync } from './webhooks/sign-webhook-async.js';
export {
  type UnknownWebhookEvent,
  type UnknownWebhookEventType,
  unknownWebhookEventSchema,
} from './webhooks/unknown-webhook-event.js';
export { verifyWebhook } from './webhooks/verify-webhook.js';
export { verifyWebhookAsync } from './webhooks/verify-webhook-async.js';
export { type WebhookEvent, webhookEventSchema } from './webhooks/webhook-event.js';
export type { WebhookSecret } from './webhooks/webhook-secret.js';

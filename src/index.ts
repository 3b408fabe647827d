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
// The bot layer (src/bot): Bot, Composer, Context, filters, commands
export { Bot } from './bot/bot.js';
export type { BotErrorHandler, BotOptions, ContextConstructor } from './bot/bot-options.js';
export {
  type CommandContext,
  Composer,
  type ErrorHandler,
  type HearsContext,
  type OnlyAdds,
} from './bot/composer.js';
export { Context, type ContextInit, type MessageContext } from './bot/context.js';
// Sessions and conversations (src/bot/session, src/bot/conversation)
export { type AskOptions, Conversation } from './bot/conversation/conversation.js';
export type { ConversationContext } from './bot/conversation/conversation-context.js';
export {
  type ConversationControl,
  type ConversationFlavor,
  type ConversationsOptions,
  conversations,
} from './bot/conversation/conversations.js';
export {
  type ConversationFunction,
  type CreateConversationOptions,
  createConversation,
} from './bot/conversation/create-conversation.js';
export type {
  Filter,
  FilterFlavor,
  FilterQuery,
  MessageFlavor,
  TextMessage,
} from './bot/filter-query.js';
export type { HearsMatch, HearsTrigger } from './bot/hears-trigger.js';
export type { Middleware, MiddlewareFn, MiddlewareObj, NextFunction } from './bot/middleware.js';
export {
  MemorySessionStorage,
  type MemorySessionStorageOptions,
} from './bot/session/memory-session-storage.js';
export { type SessionFlavor, session } from './bot/session/session.js';
export { getSessionKey, type SessionContext, type SessionKey } from './bot/session/session-key.js';
export type { SessionOptions } from './bot/session/session-options.js';
export type { SessionStorage, SessionWriteOptions, StoredSession } from './bot/session/session-storage.js';
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
  isSessionConflictError,
  SessionConflictError,
} from './errors/session-conflict-error.js';
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
export { createWebhookHandler, type WebhookHandler } from './momotalk/handler/create-webhook-handler.js';
export type { HandleEventOptions } from './momotalk/handler/handle-event-options.js';
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
export type { LogFields, Logger } from './telemetry/logger.js';
export type {
  DeliveryOutcome,
  DeliveryStepName,
  DeliveryTrace,
  ItemOutcome,
  JobTrace,
  QueueSample,
  SendTrace,
  Telemetry,
  TelemetryAttributes,
  TelemetrySpan,
} from './telemetry/telemetry.js';

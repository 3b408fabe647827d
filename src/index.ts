/**
 * momotalk-bot-sdk: verify MoMoTalk webhooks, handle typed events, and send messages as a bot.
 *
 * Importing this entry does not load ky: the Bot API client loads it on its first request, so a
 * webhook-only function pays only for verification and parsing.
 *
 * @module
 */

export { BodyTooLargeError, isBodyTooLargeError } from './errors/body-too-large-error.js';
// Errors
export { isMoMoTalkError, MoMoTalkError } from './errors/momotalk-error.js';
// Delivery pipeline ports (for adapters and custom receivers)
export type { DeliveryResponse, IncomingDelivery, WebhookReceiver } from './webhooks/pipeline/delivery.js';
// Webhook verification
export type { RawBody } from './webhooks/raw-body.js';
export { signWebhook } from './webhooks/sign-webhook.js';
export { verifyWebhook } from './webhooks/verify-webhook.js';
export type { WebhookSecret } from './webhooks/webhook-secret.js';

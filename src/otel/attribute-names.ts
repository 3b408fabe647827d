/**
 * The attribute names this SDK records: OpenTelemetry's semantic conventions where one exists (HTTP server
 * and client, messaging, errors), the `momotalk.*` namespace for the rest. Values are ids, names, codes and
 * statuses: never a secret, a token, a signature or a message body.
 *
 * @example
 * ```ts
 * import { MOMOTALK_ATTRIBUTES } from 'momotalk-bot-sdk/otel';
 *
 * const eventType = span.attributes[MOMOTALK_ATTRIBUTES.eventType]; // 'talk.message_created'
 * ```
 */
export const MOMOTALK_ATTRIBUTES = {
  /** Which receiver took the delivery: `momotalk`, `kakao.bizmessage`, `kakao.talk_share`, or `inbox`. */
  receiver: 'momotalk.receiver',
  /** The event's id (`event_id`; a Bizmessage hook's key; a Talk Share resource id). */
  eventId: 'momotalk.event.id',
  /** The event's type (`talk.message_created`; a Bizmessage hook's kind; `talk_share`). */
  eventType: 'momotalk.event.type',
  /** The room the event happened in (`message.room_id`) or a send went to. */
  roomId: 'momotalk.room.id',
  /** The bot the event was sent to (`bot_id`). */
  botId: 'momotalk.bot.id',
  /** What the delivery or job ended as (see `DeliveryOutcome`). */
  outcome: 'momotalk.delivery.outcome',
  /** The code a refused or failed delivery was answered with, e.g. `invalid_signature`. */
  refusalReason: 'momotalk.refusal.reason',
  /** A step's result: `duplicate`, `claimed`, `in_progress`, `unavailable`, or a refusal code. */
  stepResult: 'momotalk.step.result',
  /** What handled the event, set by the bot layer (e.g. `command:help`, `middleware:session`). */
  handlerName: 'momotalk.handler.name',
  /** `ok` or `error`: how the handler ended. */
  handlerOutcome: 'momotalk.handler.outcome',
  /** `ok`, `error` or `ambiguous` (sent, but no answer: the message may or may not have been posted). */
  sendOutcome: 'momotalk.send.outcome',
  /** Why a send was retried: the status (`429`, `503`) or the error code (`ECONNREFUSED`). */
  retryReason: 'momotalk.retry.reason',
  /** The attempt number of an inbox job (1 for the first run). */
  jobAttempt: 'momotalk.job.attempt',
} as const;

/** @internal The semantic-convention names used (stable HTTP and error names; messaging names). */
export const SEMCONV = {
  httpMethod: 'http.request.method',
  httpStatus: 'http.response.status_code',
  urlPath: 'url.path',
  urlFull: 'url.full',
  serverAddress: 'server.address',
  serverPort: 'server.port',
  errorType: 'error.type',
  resendCount: 'http.request.resend_count',
  messagingOperationType: 'messaging.operation.type',
  messagingOperationName: 'messaging.operation.name',
  messagingDestination: 'messaging.destination.name',
  messagingMessageId: 'messaging.message.id',
} as const;

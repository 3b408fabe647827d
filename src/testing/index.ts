/**
 * momotalk-bot-sdk/testing: the test kit for bot authors. Event factories and signed requests (every
 * runtime), and `startEmulator()`, a local MoMoTalk platform for integration tests (Node; its server
 * code loads on the first call), with `emulatorTelemetry()` to show a bot's spans on its page. msw handlers for the Bot API are in `momotalk-bot-sdk/testing/msw`.
 *
 * @module
 */

export type {
  DeliveryRecord,
  Emulator,
  EmulatorMessage,
  EmulatorOptions,
  EmulatorRoom,
  EmulatorUser,
  UserMessageInput,
  UserMessageResult,
  WaitForBotMessageOptions,
} from '../emulator/types.js';
export type { MessageCreatedEventOverrides } from './create-message-created-event.js';
export { createMessageCreatedEvent } from './create-message-created-event.js';
export type { SignableEvent, SignedRequestOptions } from './create-signed-request.js';
export { createSignedRequest } from './create-signed-request.js';
export {
  type EmulatorTelemetryOptions,
  emulatorTelemetry,
} from './emulator-telemetry.js';
export { startEmulator } from './start-emulator.js';
export type { TestChatMessage } from './test-bot/chat-log.js';
export {
  createTestBot,
  type InboxTestBot,
  type InboxTestBotOptions,
  type Said,
  type SayOptions,
  type TestableBot,
  type TestBot,
  type TestBotClientOptions,
  type TestBotOptions,
  type TestRoom,
  type TestUser,
} from './test-bot/create-test-bot.js';
export type { SendAttempt } from './test-bot/fake-bot-api.js';
export type { SendFailure } from './test-bot/send-failure.js';
export type {
  TestBotInbox,
  TestBotInboxOptions,
  TestInboxError,
  TestInboxRun,
} from './test-bot/test-bot-inbox.js';
export type { TestBotClock } from './test-bot/test-clock.js';

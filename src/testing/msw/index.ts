/**
 * momotalk-bot-sdk/testing/msw: msw request handlers that mock the MoMoTalk Bot API and record what
 * your bot sends. Needs the `msw` package (an optional peer dependency); the rest of the test kit,
 * `momotalk-bot-sdk/testing`, does not.
 *
 * @module
 */

export type { BotApiHandlersOptions, BotApiMock, RecordedBotMessage } from './bot-api-handlers.js';
export { createBotApiHandlers } from './bot-api-handlers.js';

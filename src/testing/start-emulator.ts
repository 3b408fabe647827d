import type { Emulator, EmulatorOptions } from '../emulator/types.js';

/**
 * Starts the local MoMoTalk emulator on 127.0.0.1, for integration tests: the Bot API (send-message
 * with bearer auth, validation, stored messages), signed delivery of `talk.message_created` events to
 * your bot's callback URL, a delivery log, and the web page (open `emulator.pageUrl`: it carries the access token).
 *
 * It uses only `options`, never `MOMOTALK_*` environment variables: a shell that exports production
 * values cannot leak into a test, and the emulator never signs with a secret it was not given.
 *
 * Runs on Node (and Bun, Deno): it is an HTTP server. Its code loads on the first call and takes
 * node:http from `process.getBuiltinModule`, so no module of the test kit imports node:* and the
 * factories bundle for edge runtimes.
 *
 * @param options - Port, credentials and callback URL; all optional (fresh random token and secret).
 * @returns The running emulator; `close()` it when done.
 * @throws {TypeError} When an option is empty or the callback URL is not absolute.
 * @throws {Error} On a runtime without node:http, or when the port is taken (`code: 'EADDRINUSE'`).
 *
 * @example
 * ```ts
 * import { startEmulator } from 'momotalk-bot-sdk/testing';
 *
 * const emulator = await startEmulator({ callbackUrl: 'http://127.0.0.1:3000/momotalk/webhook' });
 * // Run the bot with MOMOTALK_API_BASE_URL=emulator.apiBaseUrl, MOMOTALK_BOT_TOKEN=emulator.token,
 * // MOMOTALK_WEBHOOK_SECRET=emulator.secret, MOMOTALK_BOT_ID=emulator.botId, then:
 * const { delivery } = await emulator.sendUserMessage('hello');
 * const reply = await emulator.waitForBotMessage();
 * console.log(delivery.status, reply.body);
 * await emulator.close();
 * ```
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const { startEmulatorServer } = await import('../emulator/start-emulator-server.js');
  return startEmulatorServer(options);
}

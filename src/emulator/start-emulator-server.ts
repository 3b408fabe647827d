import { MoMoTalkError } from '../errors/momotalk-error.js';
import { randomId } from '../testing/random-id.js';
import { redeliver, sendUserMessage, sendWebhookTest } from './emulator-actions.js';
import { createEmulatorServer } from './emulator-server.js';
import { type EmulatorChange, EmulatorState } from './emulator-state.js';
import type {
  DeliveryRecord,
  Emulator,
  EmulatorMessage,
  EmulatorOptions,
  WaitForBotMessageOptions,
} from './types.js';

/**
 * @internal Starts the emulator on 127.0.0.1 (see `startEmulator` in the test kit, which loads this
 * module lazily so the kit's factories never import node:*). `onChange` sees every change (the CLI
 * logs deliveries and messages with it).
 */
export async function startEmulatorServer(
  options: EmulatorOptions = {},
  onChange?: (change: EmulatorChange) => void,
): Promise<Emulator> {
  const state = new EmulatorState({
    botId: options.botId ?? 'bot_local',
    token: options.token ?? randomId('emu_tok_', 16),
    secret: options.secret ?? randomId('emu_whsec_', 16),
    accessToken: randomId('', 24),
    callbackUrl: options.callbackUrl,
    deliveryTimeoutMs: options.deliveryTimeoutMs ?? 10_000,
  });
  for (const [name, value] of [
    ['botId', state.bot.botId],
    ['token', state.bot.token],
    ['secret', state.bot.secret],
  ] as const) {
    if (typeof value !== 'string' || value === '') {
      throw new TypeError(`[momotalk-bot-sdk] startEmulator: ${name} must be a non-empty string.`);
    }
  }
  if (options.callbackUrl !== undefined && !URL.canParse(options.callbackUrl)) {
    throw new TypeError('[momotalk-bot-sdk] startEmulator: callbackUrl must be an absolute http(s) URL.');
  }
  if (onChange !== undefined) state.subscribe(onChange);
  const server = createEmulatorServer(state);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as { port: number };
  const url = `http://127.0.0.1:${port}`;
  let closed: Promise<void> | undefined;

  return {
    url,
    pageUrl: `${url}/?token=${state.bot.accessToken}`,
    accessToken: state.bot.accessToken,
    apiBaseUrl: `${url}/api`,
    botId: state.bot.botId,
    token: state.bot.token,
    secret: state.bot.secret,
    get callbackUrl() {
      return state.bot.callbackUrl;
    },
    messages: state.messages,
    deliveries: state.deliveries,
    setCallbackUrl: (next) => state.setCallbackUrl(next),
    sendUserMessage: (input) => sendUserMessage(state, input),
    redeliver: async (deliveryId): Promise<DeliveryRecord> => {
      const record = await redeliver(state, deliveryId);
      if (record === undefined) {
        throw new TypeError(`[momotalk-bot-sdk] redeliver: no delivery with id "${deliveryId}".`);
      }
      return record;
    },
    sendWebhookTest: () => sendWebhookTest(state),
    waitForBotMessage: (waitOptions) => waitForBotMessage(state, waitOptions),
    reset: () => state.reset(),
    close: () => {
      closed ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      return closed;
    },
  };
}

function waitForBotMessage(
  state: EmulatorState,
  options: WaitForBotMessageOptions = {},
): Promise<EmulatorMessage> {
  const { roomId, timeoutMs = 5000 } = options;
  const inRoom = (message: EmulatorMessage) => roomId === undefined || message.room_id === roomId;
  const lastUser = state.messages.findLastIndex((message) => message.sender === 'user' && inRoom(message));
  const since = options.since ?? lastUser + 1;
  const found = state.messages.slice(since).find((message) => message.sender === 'bot' && inRoom(message));
  if (found !== undefined) return Promise.resolve(found);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new MoMoTalkError(`waitForBotMessage: the bot sent no message within ${timeoutMs} ms.`));
    }, timeoutMs);
    const unsubscribe = state.subscribe((change) => {
      if (change.type === 'message' && change.data.sender === 'bot' && inRoom(change.data)) {
        clearTimeout(timer);
        unsubscribe();
        resolve(change.data);
      }
    });
  });
}

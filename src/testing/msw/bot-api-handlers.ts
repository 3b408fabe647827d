import { HttpResponse, http, type RequestHandler } from 'msw';
import { validateSendMessage } from '../../emulator/bot-api.js';

/**
 * Options of {@link createBotApiHandlers}.
 *
 * @example
 * ```ts
 * const options: BotApiHandlersOptions = { botId: 'bot_1', token: 'test-token' };
 * ```
 */
export interface BotApiHandlersOptions {
  /**
   * The Bot API base URL your bot's `BotClient` uses.
   * @default "https://bot.mmrnd.net/api"
   */
  baseUrl?: string | undefined;
  /**
   * The only bot id accepted (others get 404); `undefined` accepts any.
   * @default undefined
   */
  botId?: string | undefined;
  /**
   * The only bearer token accepted (others get 401); `undefined` accepts any non-empty token.
   * @default undefined
   */
  token?: string | undefined;
}

/**
 * A message your bot sent through the mocked Bot API: the request body fields plus the bot id from
 * the path and the message id the mock assigned.
 *
 * @example
 * ```ts
 * const sent: RecordedBotMessage = api.messages[0]!;
 * expect(sent.body).toBe('Echo: hello');
 * ```
 */
export interface RecordedBotMessage {
  /** The bot id from the request path. */
  readonly bot_id: string;
  /** The id the mock answered with (increasing from 1). */
  readonly message_id: number;
  /** The room the bot wrote to. */
  readonly room_id: number;
  /** The text. */
  readonly body: string;
  /** The message answered, when set. */
  readonly reply_to_message_id?: number | undefined;
  /** The metadata object, when set. */
  readonly metadata?: Readonly<Record<string, unknown>> | undefined;
}

/**
 * What {@link createBotApiHandlers} returns.
 *
 * @example
 * ```ts
 * const api: BotApiMock = createBotApiHandlers();
 * const server = setupServer(...api.handlers);
 * ```
 */
export interface BotApiMock {
  /**
   * The base URL the handlers answer on (the `baseUrl` option without a trailing `/`). Pass it to your
   * `BotClient` as `baseUrl`, so a `MOMOTALK_API_BASE_URL` exported in the shell cannot send the test's
   * requests past the mock.
   */
  readonly baseUrl: string;
  /** The msw request handlers: pass them to `setupServer(...)` or `server.use(...)`. */
  readonly handlers: RequestHandler[];
  /** Every message sent so far, oldest first (a live array). */
  readonly messages: readonly RecordedBotMessage[];
  /** Forgets the recorded messages (call it in `afterEach`). */
  reset(): void;
}

/**
 * msw handlers that stand in for the MoMoTalk Bot API (`POST {baseUrl}/bots/:botId/messages`) in your
 * bot's unit tests, and record every message your bot sends.
 *
 * The mock checks requests like the emulator does: 401 without `Authorization: Bearer …` or with the
 * wrong `token`, 404 for another `botId`, 415 for a non-JSON content type, 400 for invalid JSON, 422
 * for a missing or mistyped field, else 201 `{ ok: true, message_id, message }` (statuses and bodies are the test
 * kit's plausible choice; the guide does not document the server's answers).
 *
 * Needs `msw` (an optional peer dependency of this package, v2 or later), which is why it lives in
 * its own entry, `momotalk-bot-sdk/testing/msw`: the rest of the kit works without msw. Like the whole
 * test kit, it never reads `MOMOTALK_*` environment variables: only its options count.
 *
 * @param options - Base URL, and the bot id and token to accept.
 * @returns The handlers, the recorded messages and `reset()`.
 *
 * @example
 * ```ts
 * import { setupServer } from 'msw/node';
 * import { BotClient } from 'momotalk-bot-sdk';
 * import { createBotApiHandlers } from 'momotalk-bot-sdk/testing/msw';
 *
 * const api = createBotApiHandlers({ botId: 'bot_1', token: 'test-token' });
 * const server = setupServer(...api.handlers);
 * server.listen({ onUnhandledFrame: 'error' });
 * // BotClient falls back to MOMOTALK_* variables: give it every setting, the base URL included.
 * const client = new BotClient({ botId: 'bot_1', token: 'test-token', baseUrl: api.baseUrl });
 * // … run the bot …
 * console.log(api.messages.map((message) => message.body));
 * ```
 */
export function createBotApiHandlers(options: BotApiHandlersOptions = {}): BotApiMock {
  const baseUrl = (options.baseUrl ?? 'https://bot.mmrnd.net/api').replace(/\/+$/, '');
  const credentials = { botId: options.botId, token: options.token };
  const messages: RecordedBotMessage[] = [];
  let nextId = 1;
  const handler = http.post(`${baseUrl}/bots/:botId/messages`, async ({ request, params }) => {
    const botId = String(params.botId);
    const header = (name: string) => request.headers.get(name) ?? undefined;
    const checked = validateSendMessage(credentials, botId, header, await request.text());
    if (!checked.ok) {
      return HttpResponse.json(checked.reply.body as Record<string, unknown>, {
        status: checked.reply.status,
        headers: { ...checked.reply.headers },
      });
    }
    const { room_id, body, reply_to_message_id, metadata } = checked.data;
    const recorded: RecordedBotMessage = {
      bot_id: botId,
      message_id: nextId++,
      room_id,
      body,
      ...(reply_to_message_id === undefined ? {} : { reply_to_message_id }),
      ...(metadata === undefined ? {} : { metadata }),
    };
    messages.push(recorded);
    return HttpResponse.json(
      { ok: true, message_id: recorded.message_id, message: recorded },
      { status: 201 },
    );
  });
  return {
    baseUrl,
    handlers: [handler],
    messages,
    reset() {
      messages.length = 0;
    },
  };
}

import { BotClient } from '../../client/bot-client.js';
import type { SendMessageParams } from '../../client/send-message-params.js';
import { isMoMoTalkError } from '../../errors/momotalk-error.js';
import { ENV, fromFlagOrEnv, httpUrl, positiveInteger, redactUrl, requireSetting } from '../cli-config.js';
import { CliUsageError } from '../cli-usage-error.js';
import type { CliCommand } from '../command.js';

/**
 * `momotalk-bot send --room <id> <text>`: posts a message as the bot through the Bot API (the real one,
 * or the emulator with `--base-url`), prints the answer; exit 0 on success, 1 on an API error.
 *
 * @example
 * ```ts
 * await sendCommand.run({ room: '123', 'bot-id': 'bot_1', token: 't' }, ['hello'], io);
 * ```
 */
export const sendCommand: CliCommand = {
  name: 'send',
  summary: 'Send a message as the bot through the Bot API',
  usage: 'momotalk-bot send --room <id> [--reply-to <id>] [--metadata <json>] [--allow-insecure-http] <text>',
  help: `Calls POST {base}/bots/{bot_id}/messages with the bot token, as BotClient does (no automatic retry
of a request that may have reached the server). Prints the status, request id and response body.

Options:
  --room <id>          room_id to post in (required)
  --reply-to <id>      reply_to_message_id
  --metadata <json>    a JSON object sent as metadata
  --bot-id <id>        the bot id (default: $${ENV.botId})
  --token <token>      the bot token (default: $${ENV.token}; prefer the variable, flags show up in ps)
  --base-url <url>     the Bot API base URL (default: $${ENV.baseUrl}, else https://bot.mmrnd.net/api)
  --allow-insecure-http  allow an http:// base URL off loopback (the token then travels in cleartext;
                       loopback hosts such as the emulator never need it)

Examples:
  momotalk-bot send --room 123 "Deploy finished"
  MOMOTALK_API_BASE_URL=http://127.0.0.1:8787/api momotalk-bot send --room 123 "hello"`,
  options: {
    room: { type: 'string' },
    'reply-to': { type: 'string' },
    metadata: { type: 'string' },
    'bot-id': { type: 'string' },
    token: { type: 'string' },
    'base-url': { type: 'string' },
    'allow-insecure-http': { type: 'boolean' },
  },
  async run(values, positionals, io) {
    const body = positionals.join(' ');
    if (body.trim() === '')
      throw new CliUsageError('Missing the message text: momotalk-bot send --room 123 "hello"');
    const room = positiveInteger(values, 'room');
    if (room === undefined) throw new CliUsageError('Missing --room: the room_id to post in.');
    const replyTo = positiveInteger(values, 'reply-to');
    const metadata = parseMetadata(values.metadata);
    const baseFlag = typeof values['base-url'] === 'string' && values['base-url'] !== '';
    // Checked here so the value is echoed without user:password@ (never handed to BotClient's message).
    const baseUrl = httpUrl(
      fromFlagOrEnv(values, 'base-url', io.env, ENV.baseUrl),
      baseFlag ? '--base-url' : ENV.baseUrl,
    );
    let client: BotClient;
    try {
      client = new BotClient({
        botId: requireSetting(values, 'bot-id', io.env, ENV.botId),
        token: requireSetting(values, 'token', io.env, ENV.token),
        baseUrl,
        allowInsecureHttp: values['allow-insecure-http'] === true,
      });
    } catch (error) {
      // BotClient's message names its options; the CLI's user needs the flag or the variable.
      if (error instanceof TypeError) {
        throw new CliUsageError(
          redactUrl(error.message)
            .replace('BotClient: baseUrl ', `BotClient: ${baseFlag ? '--base-url' : ENV.baseUrl} `)
            .replace('pass { allowInsecureHttp: true }', 'pass --allow-insecure-http'),
        );
      }
      throw error;
    }
    try {
      const result = await client.sendMessage({
        room_id: room,
        body,
        ...(replyTo === undefined ? {} : { reply_to_message_id: replyTo }),
        ...(metadata === undefined ? {} : { metadata }),
      });
      io.out(
        `HTTP ${result.status}${result.requestId === undefined ? '' : ` (request id ${result.requestId})`}`,
      );
      if (result.text !== '') io.out(result.text);
      return 0;
    } catch (error) {
      if (!isMoMoTalkError(error)) throw error;
      io.err(`${error.name}: ${error.message}`);
      const body = (error as { body?: unknown }).body;
      if (body !== undefined) io.err(typeof body === 'string' ? body : JSON.stringify(body));
      return 1;
    }
  },
};

function parseMetadata(raw: string | boolean | undefined): SendMessageParams['metadata'] {
  if (raw === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(String(raw));
  } catch {
    // The value is not echoed (the CLI's messages never hold a value you gave): say what it must be.
    throw new CliUsageError(
      '--metadata is not valid JSON: it must be a JSON object, e.g. \'{"intent":"ack"}\'.',
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new CliUsageError('--metadata must be a JSON object, e.g. \'{"intent":"ack"}\'.');
  }
  return value as SendMessageParams['metadata'];
}

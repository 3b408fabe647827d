import { refusalCode } from '../../emulator/refusal-code.js';
import { MOMOTALK_HEADERS } from '../../momotalk/headers.js';
import { signWebhook } from '../../momotalk/signature/sign-webhook.js';
import { createMessageCreatedEvent } from '../../testing/create-message-created-event.js';
import { ENV, fromFlagOrEnv, httpUrl, positiveInteger, requireSetting } from '../cli-config.js';
import { CliUsageError } from '../cli-usage-error.js';
import type { CliCommand } from '../command.js';
import { refusalExplanation } from '../refusal-explanation.js';

const TIMEOUT_MS = 10_000;

/**
 * `momotalk-bot trigger --url <callback> --body <text>`: sends one signed `talk.message_created` event
 * (or the bytes of `--event <file>`) to a bot, prints the response; exit 0 on a 2xx, else 1.
 *
 * @example
 * ```ts
 * await triggerCommand.run({ url: 'http://127.0.0.1:3000/momotalk/webhook', body: 'hello', secret: 's' }, [], io);
 * ```
 */
export const triggerCommand: CliCommand = {
  name: 'trigger',
  summary: 'Send one signed event to a bot and print its response',
  usage: 'momotalk-bot trigger --url <callback-url> (--body <text> | --event <file>) [options]',
  help: `Sends one webhook delivery exactly as MoMoTalk would: a talk.message_created event (or the bytes of
--event, unchanged) with X-MoMoTalk-Bot-Id, X-MoMoTalk-Event-Id and X-MoMoTalk-Bot-Signature. Prints the
status and the response body, and for a refusal what failed and the fix. Exit code 0 on a 2xx
response, 1 otherwise.

Options:
  --url <url>          the bot's callback URL (required)
  --body <text>        the message text of a generated talk.message_created event
  --event <file>       send this file's bytes as the body instead (its event_id and bot_id become headers)
  --room <id>          room_id of the generated event (default: 123)
  --user <id>          sender_user_id of the generated event (default: user_cli)
  --bot-id <id>        bot_id (default: $${ENV.botId}, else bot_local)
  --secret <secret>    the webhook secret to sign with (default: $${ENV.secret})

Examples:
  momotalk-bot trigger --url http://127.0.0.1:3000/momotalk/webhook --body "hello"
  momotalk-bot trigger --url http://127.0.0.1:3000/momotalk/webhook --event test/fixtures/event.json`,
  options: {
    url: { type: 'string' },
    body: { type: 'string' },
    event: { type: 'string' },
    room: { type: 'string' },
    user: { type: 'string' },
    'bot-id': { type: 'string' },
    secret: { type: 'string' },
  },
  async run(values, positionals, io) {
    if (positionals.length > 0) {
      throw new CliUsageError(
        `Unexpected argument ${JSON.stringify(positionals[0])}; put the text in --body.`,
      );
    }
    const url = httpUrl(values.url, '--url');
    if (url === undefined) throw new CliUsageError('Missing --url: the bot callback URL to deliver to.');
    const secret = requireSetting(values, 'secret', io.env, ENV.secret);
    const secretSource = typeof values.secret === 'string' && values.secret !== '' ? '--secret' : ENV.secret;
    const botId = fromFlagOrEnv(values, 'bot-id', io.env, ENV.botId) ?? 'bot_local';
    const { rawBody, eventId, eventBotId } = await buildBody(values, io.readFile, botId);
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      [MOMOTALK_HEADERS.signature]: signWebhook(rawBody, secret),
      [MOMOTALK_HEADERS.botId]: eventBotId,
    };
    if (eventId !== undefined) headers[MOMOTALK_HEADERS.eventId] = eventId;
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers,
        body: typeof rawBody === 'string' ? rawBody : rawBody.slice(),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause;
      io.err(`Could not reach ${url}: ${cause?.code ?? (error as Error).message}. Is the bot running?`);
      return 1;
    }
    const text = await response.text();
    io.out(`HTTP ${response.status} ${response.statusText}`.trimEnd());
    if (text !== '') io.out(text);
    const advice =
      `This event was signed with the secret from ${secretSource}; the bot must use the same one. ` +
      '`momotalk-bot dev` makes a new secret on every start (unless fixed with --secret or ' +
      'MOMOTALK_EMULATOR_SECRET): pass the secret it printed, and restart the bot with it.';
    for (const line of refusalExplanation(response.status, refusalCode(text), advice)) io.err(line);
    if (response.status === 500 && refusalCode(text) === 'processing_failed') {
      io.err(
        'If the bot answers through the emulator, a reply to a room the emulator does not have fails ' +
          '(room_not_found): use --room with a room from the emulator page (default 123), or add the room there.',
      );
    }
    return response.ok ? 0 : 1;
  },
};

async function buildBody(
  values: Parameters<CliCommand['run']>[0],
  readFile: (path: string) => Promise<Uint8Array>,
  botId: string,
): Promise<{ rawBody: Uint8Array | string; eventId: string | undefined; eventBotId: string }> {
  const { body, event } = values;
  if ((typeof body === 'string') === (typeof event === 'string')) {
    throw new CliUsageError('Pass exactly one of --body <text> or --event <file>.');
  }
  if (typeof event === 'string') {
    let rawBody: Uint8Array;
    try {
      rawBody = await readFile(event);
    } catch {
      throw new CliUsageError(`Cannot read ${event}.`);
    }
    const parsed = parseIds(rawBody);
    return { rawBody, eventId: parsed.eventId, eventBotId: parsed.botId ?? botId };
  }
  const generated = createMessageCreatedEvent({
    bot_id: botId,
    message: {
      body: String(body),
      room_id: positiveInteger(values, 'room') ?? 123,
      sender_user_id: userId(values),
    },
  });
  return { rawBody: JSON.stringify(generated), eventId: generated.event_id, eventBotId: botId };
}

function userId(values: Parameters<CliCommand['run']>[0]): string {
  return typeof values.user === 'string' && values.user !== '' ? values.user : 'user_cli';
}

function parseIds(bytes: Uint8Array): { eventId: string | undefined; botId: string | undefined } {
  try {
    const value = JSON.parse(new TextDecoder().decode(bytes)) as { event_id?: unknown; bot_id?: unknown };
    return {
      eventId: typeof value.event_id === 'string' ? value.event_id : undefined,
      botId: typeof value.bot_id === 'string' ? value.bot_id : undefined,
    };
  } catch {
    return { eventId: undefined, botId: undefined };
  }
}

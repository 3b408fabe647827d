import * as z from 'zod/mini';
import { formatZodIssues } from '../internal/format-zod-issues.js';
import { randomId } from '../testing/random-id.js';
import type { EmulatorState } from './emulator-state.js';

/** @internal A JSON answer of the emulator's HTTP server. */
export interface JsonReply {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * The send-message body the emulator accepts: the guide's fields, extra fields kept. `room_id` and
 * `reply_to_message_id` are positive integers, `body` a non-empty string, `metadata` a JSON object.
 */
const positiveInt = () =>
  z.int('expected a positive integer').check(z.positive('expected a positive integer'));
const sendMessageBody = z.looseObject(
  {
    room_id: positiveInt(),
    body: z.string('expected a string').check(z.minLength(1, 'expected a non-empty string')),
    reply_to_message_id: z.optional(positiveInt()),
    metadata: z.optional(z.record(z.string(), z.unknown(), 'expected a JSON object')),
  },
  'expected a JSON object',
);

/** @internal A send-message body that passed validation. */
export type ValidSendMessage = z.infer<typeof sendMessageBody>;

/** @internal What the bot is allowed to use: its id and token (`undefined` accepts any). */
export interface BotCredentials {
  readonly botId: string | undefined;
  readonly token: string | undefined;
}

/**
 * @internal Checks a send-message request as a real server would plausibly do. The guide documents the
 * request only; the statuses and the `{ ok: false, error: { code, message } }` bodies are the choice
 * of the emulator and the test kit's msw handlers:
 *
 * - 401 `unauthorized`: no `Authorization: Bearer …` header, or the wrong token;
 * - 404 `bot_not_found`: the path's bot id is not the bot's (checked once a bearer header exists);
 * - 415 `unsupported_media_type`: not `application/json`; 400 `invalid_json`: the body is not JSON;
 * - 422 `invalid_request`: a field is missing or of the wrong type (the message says which).
 */
export function validateSendMessage(
  bot: BotCredentials,
  botId: string,
  header: (name: string) => string | undefined,
  rawBody: string,
):
  | { readonly ok: true; readonly data: ValidSendMessage }
  | { readonly ok: false; readonly reply: JsonReply } {
  const fail = (status: number, code: string, message: string) =>
    ({ ok: false, reply: apiError(status, code, message) }) as const;
  const authorization = header('authorization');
  const match = authorization === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  if (match === null) return fail(401, 'unauthorized', 'Missing "Authorization: Bearer <bot_token>" header.');
  if (bot.botId !== undefined && botId !== bot.botId) {
    return fail(404, 'bot_not_found', `No bot with id "${botId}" exists here.`);
  }
  if (bot.token !== undefined && match[1] !== bot.token)
    return fail(401, 'unauthorized', 'The bot token is not valid.');
  if (!/^application\/(.+\+)?json\b/i.test(header('content-type') ?? '')) {
    return fail(
      415,
      'unsupported_media_type',
      'Send the body as JSON with "Content-Type: application/json".',
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    return fail(400, 'invalid_json', 'The request body is not valid JSON.');
  }
  const parsed = z.safeParse(sendMessageBody, json);
  if (!parsed.success) return fail(422, 'invalid_request', formatZodIssues(parsed.error.issues, 'body'));
  return { ok: true, data: parsed.data };
}

/**
 * @internal `POST /api/bots/:botId/messages` on the emulator: {@link validateSendMessage}, then 404
 * `room_not_found` for a room the emulator does not have, else the message is stored and the answer is
 * 201 `{ ok: true, message_id, message }`. Every answer carries an `x-request-id` header.
 */
export function handleSendMessage(
  state: EmulatorState,
  botId: string,
  header: (name: string) => string | undefined,
  rawBody: string,
): JsonReply {
  const checked = validateSendMessage(state.bot, botId, header, rawBody);
  if (!checked.ok) return refused(state, checked.reply);
  const { room_id, body, reply_to_message_id, metadata } = checked.data;
  if (!state.rooms.has(room_id)) {
    const rooms = [...state.rooms.keys()].join(', ');
    return refused(
      state,
      apiError(
        404,
        'room_not_found',
        `Room ${room_id} does not exist on this emulator (its rooms: ${rooms}). A room exists once it is ` +
          'added on the emulator page or a user writes in it (page, emulator.sendUserMessage); ' +
          '`momotalk-bot trigger` talks to the bot directly and creates no room, so give it --room with one of these.',
      ),
    );
  }
  const message = state.addMessage({
    room_id,
    sender: 'bot',
    sender_id: botId,
    body,
    message_type: 'TEXT',
    ...(reply_to_message_id === undefined ? {} : { reply_to_message_id }),
    ...(metadata === undefined ? {} : { metadata }),
  });
  return {
    status: 201,
    body: { ok: true, message_id: message.message_id, message },
    headers: requestIdHeader(),
  };
}

/** Announces a refused Bot API call (`momotalk-bot dev` logs it), then returns the answer. */
function refused(state: EmulatorState, reply: JsonReply): JsonReply {
  const { code, message } = (reply.body as { error: { code: string; message: string } }).error;
  state.emit({ type: 'api_refusal', data: { status: reply.status, code, message } });
  return reply;
}

/** @internal An error answer in the emulator's error shape. */
export function apiError(status: number, code: string, message: string): JsonReply {
  return { status, body: { ok: false, error: { code, message } }, headers: requestIdHeader() };
}

function requestIdHeader(): Record<string, string> {
  return { 'x-request-id': randomId('req_') };
}

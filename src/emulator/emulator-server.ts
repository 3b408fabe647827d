import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { isBodyTooLargeError } from '../errors/body-too-large-error.js';
import { readIterableWithLimit } from '../internal/read-with-limit.js';
import { apiError, handleSendMessage, type JsonReply } from './bot-api.js';
import { redeliver, sendUserMessage, sendWebhookTest } from './emulator-actions.js';
import type { EmulatorState } from './emulator-state.js';
import { streamEvents } from './event-stream.js';
import { getNodeHttp } from './get-node-http.js';
import { checkPageAccess, pageAccessMessage } from './page-access.js';
import { receiveTrace } from './receive-trace.js';
import { MAX_TRACE_BYTES } from './trace-log.js';
import { TRACES_PATH } from './trace-types.js';
import { emulatorPageHtml } from './web-page.js';

const MAX_BODY_BYTES = 1024 * 1024;
const SEND_MESSAGE_PATH = /^\/api\/bots\/([^/]+)\/messages\/?$/;
const REDELIVER_PATH = /^\/emulator\/deliveries\/([^/]+)\/redeliver$/;

/**
 * @internal The emulator's HTTP server: the web page, its JSON endpoints and event stream under
 * `/emulator/`, the traces bots report (`POST /emulator/traces`, with the bot token, see
 * `receiveTrace`), and the Bot API under `/api/`.
 *
 * Local-only by design: it listens on 127.0.0.1, answers only requests whose `Host` is
 * `127.0.0.1:<port>` or `localhost:<port>` (no DNS rebinding), and refuses page endpoints called from
 * another `Origin`, so a web page on the internet cannot drive it. The page and its endpoints also need
 * the per-run access token (see `checkPageAccess`): without it, any local process could set the callback
 * URL to itself and have the emulator sign a message of its choice.
 */
export function createEmulatorServer(state: EmulatorState): Server {
  const server = getNodeHttp().createServer((request, response) => {
    route(state, server, request, response).catch((error: unknown) => {
      if (!response.headersSent) send(response, apiError(500, 'emulator_error', String(error)));
      else response.destroy();
    });
  });
  return server;
}

async function route(
  state: EmulatorState,
  server: Server,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const port = (server.address() as { port: number } | null)?.port;
  const host = request.headers.host ?? '';
  if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) {
    return send(
      response,
      apiError(421, 'wrong_host', 'The emulator answers only on 127.0.0.1 or localhost.'),
    );
  }
  const { pathname: path, searchParams } = new URL(request.url ?? '/', 'http://emulator.invalid');
  const method = request.method ?? 'GET';

  const sendMessage = SEND_MESSAGE_PATH.exec(path);
  if (sendMessage !== null) {
    if (method !== 'POST') return send(response, methodNotAllowed('POST'));
    const body = await readBody(request);
    if (body === null) return send(response, tooLarge());
    const header = (name: string) => headerValue(request, name);
    return send(response, handleSendMessage(state, decodeURIComponent(sendMessage[1] ?? ''), header, body));
  }

  if (path === TRACES_PATH) {
    if (method !== 'POST') return send(response, methodNotAllowed('POST'));
    const origin = request.headers.origin;
    if (origin !== undefined && origin !== `http://${host}`) {
      return send(
        response,
        apiError(403, 'foreign_origin', 'Traces come from the bot, not from a web page.'),
      );
    }
    const body = await readBody(request, MAX_TRACE_BYTES);
    if (body === null) return send(response, tooLarge(MAX_TRACE_BYTES));
    return send(
      response,
      receiveTrace(state, (name) => headerValue(request, name), body),
    );
  }

  const isPage = method === 'GET' && (path === '/' || path === '/index.html');
  if (!isPage && !path.startsWith('/emulator/'))
    return send(response, apiError(404, 'not_found', `Nothing at ${path}.`));
  const refusal = checkPageAccess(request, searchParams, state.bot.accessToken);
  if (refusal !== undefined) {
    if (!isPage) return send(response, apiError(401, `${refusal}_access_token`, pageAccessMessage(refusal)));
    response.writeHead(401, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
    response.end(`${pageAccessMessage(refusal)}\n`);
    return;
  }
  if (isPage) {
    response.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'x-frame-options': 'DENY',
      // The address carries the token: never send it on in a Referer.
      'referrer-policy': 'no-referrer',
    });
    response.end(emulatorPageHtml(state.bot.accessToken));
    return;
  }

  const origin = request.headers.origin;
  if (origin !== undefined && origin !== `http://${host}`) {
    return send(
      response,
      apiError(403, 'foreign_origin', 'The emulator page endpoints are same-origin only.'),
    );
  }
  if (method === 'GET' && path === '/emulator/events') return streamEvents(state, request, response);
  if (method === 'GET' && path === '/emulator/state')
    return send(response, { status: 200, body: snapshot(state) });
  if (method !== 'POST') return send(response, apiError(404, 'not_found', `Nothing at ${method} ${path}.`));

  const raw = await readBody(request);
  if (raw === null) return send(response, tooLarge());
  const input = parseObject(raw);
  if (input === null) return send(response, apiError(400, 'invalid_json', 'Send a JSON object.'));
  send(response, await pageAction(state, path, input));
}

async function pageAction(
  state: EmulatorState,
  path: string,
  input: Record<string, unknown>,
): Promise<JsonReply> {
  if (path === '/emulator/messages') {
    const { body, room_id, user_id } = input;
    if (typeof body !== 'string' || body.trim() === '') {
      return apiError(422, 'invalid_request', 'body must be a non-empty string.');
    }
    if (typeof room_id !== 'number' || !Number.isSafeInteger(room_id) || room_id <= 0) {
      return apiError(422, 'invalid_request', 'room_id must be a positive integer.');
    }
    if (typeof user_id !== 'string' || user_id === '') {
      return apiError(422, 'invalid_request', 'user_id must be a non-empty string.');
    }
    return { status: 200, body: await sendUserMessage(state, { body, room_id, user_id }) };
  }
  if (path === '/emulator/rooms') {
    const name = typeof input.name === 'string' && input.name.trim() !== '' ? input.name.trim() : undefined;
    return { status: 201, body: state.addRoom(state.nextRoomId(), name) };
  }
  if (path === '/emulator/users') {
    const name = typeof input.name === 'string' ? input.name.trim() : '';
    if (name === '') return apiError(422, 'invalid_request', 'name must be a non-empty string.');
    const userId = `user_${
      name
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '_')
        .replace(/^_|_$/g, '') || 'x'
    }`;
    return { status: 201, body: state.addUser(userId, name) };
  }
  if (path === '/emulator/callback-url') {
    const url = typeof input.url === 'string' ? input.url.trim() : '';
    if (url === '') {
      state.setCallbackUrl(undefined);
      return { status: 200, body: { callbackUrl: null } };
    }
    if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
      return apiError(422, 'invalid_request', 'url must be an http:// or https:// URL.');
    }
    state.setCallbackUrl(url);
    return { status: 200, body: { callbackUrl: url } };
  }
  if (path === '/emulator/webhook-test') return { status: 200, body: await sendWebhookTest(state) };
  if (path === '/emulator/reset') {
    state.reset();
    return { status: 200, body: { ok: true } };
  }
  const redeliverMatch = REDELIVER_PATH.exec(path);
  if (redeliverMatch !== null) {
    const record = await redeliver(state, decodeURIComponent(redeliverMatch[1] ?? ''));
    return record === undefined
      ? apiError(404, 'delivery_not_found', 'No such delivery.')
      : { status: 200, body: record };
  }
  return apiError(404, 'not_found', `Nothing at POST ${path}.`);
}

/** What the page loads first; never includes the token or the secret. */
function snapshot(state: EmulatorState) {
  return {
    botId: state.bot.botId,
    callbackUrl: state.bot.callbackUrl ?? null,
    rooms: [...state.rooms.values()],
    users: [...state.users.values()],
    messages: state.messages,
    deliveries: state.deliveries,
    traces: state.traces.all(),
  };
}

async function readBody(request: IncomingMessage, limit = MAX_BODY_BYTES): Promise<string | null> {
  try {
    const bytes = await readIterableWithLimit(request, limit);
    return new TextDecoder().decode(bytes);
  } catch (error) {
    if (isBodyTooLargeError(error)) return null;
    throw error;
  }
}

function parseObject(raw: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(raw === '' ? '{}' : raw);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

function headerValue(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

function methodNotAllowed(allow: string): JsonReply {
  const reply = apiError(405, 'method_not_allowed', `Use ${allow}.`);
  return { ...reply, headers: { ...reply.headers, allow } };
}

function tooLarge(limit = MAX_BODY_BYTES): JsonReply {
  return apiError(413, 'payload_too_large', `The body is larger than ${limit} bytes.`);
}

function send(response: ServerResponse, reply: JsonReply): void {
  const body = JSON.stringify(reply.body);
  response.writeHead(reply.status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    ...reply.headers,
  });
  response.end(body);
}

import { apiError, type JsonReply, validateSendMessage } from '../../emulator/bot-api.js';
import { randomId } from '../random-id.js';
import type { ChatLog } from './chat-log.js';
import type { SendFailure } from './send-failure.js';

/**
 * One request the bot's client made to the test bot's Bot API, answered or not: retries are separate
 * attempts. What the bot tried to send and what came of it.
 *
 * @example
 * ```ts
 * chat.failNextSend({ status: 429, retryAfter: 2 });
 * await alice.says('/echo hi');
 * expect(chat.attempts.map((attempt) => attempt.status)).toEqual([429, 201]);
 * ```
 */
export interface SendAttempt {
  /** When the request arrived, in Unix milliseconds (the fake time when a clock is given). */
  readonly at: number;
  /** The request body as JSON (the raw text when it is not JSON). */
  readonly request: unknown;
  /** The status answered; `undefined` when there was no answer (a hang or a connection failure). */
  readonly status: number | undefined;
  /** The failure injected into this attempt with `failNextSend`, if any. */
  readonly failure: SendFailure | undefined;
}

/** @internal The credentials the test bot's Bot API accepts. */
export interface FakeBotApiInit {
  readonly botId: string;
  readonly token: string;
  readonly log: ChatLog;
}

/**
 * @internal An in-process stand-in for the Bot API, used as the `fetch` of a real `BotClient`: it checks
 * requests as the emulator does (`validateSendMessage`), stores accepted messages in the chat log, and
 * answers injected failures first.
 */
export class FakeBotApi {
  readonly attempts: SendAttempt[] = [];
  readonly #init: FakeBotApiInit;
  readonly #failures: SendFailure[] = [];

  constructor(init: FakeBotApiInit) {
    this.#init = init;
  }

  failNext(failure: SendFailure, times: number): void {
    for (let index = 0; index < times; index++) this.#failures.push(failure);
  }

  /** Failures queued and not used yet. */
  get pendingFailures(): number {
    return this.#failures.length;
  }

  reset(): void {
    this.attempts.length = 0;
    this.#failures.length = 0;
  }

  readonly fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = input instanceof Request && init === undefined ? input : new Request(input, init);
    const raw = await request.text();
    const failure = this.#failures.shift();
    const record = (status: number | undefined) =>
      this.attempts.push({ at: Date.now(), request: parseLoosely(raw), status, failure });
    if (failure !== undefined) {
      if ('hang' in failure) {
        record(undefined);
        return hang(request.signal);
      }
      if ('connection' in failure) {
        record(undefined);
        throw connectionFailure(failure.connection);
      }
      record(failure.status);
      return toResponse(injectedReply(failure));
    }
    const reply = this.#answer(request, raw);
    record(reply.status);
    return toResponse(reply);
  };

  #answer(request: Request, raw: string): JsonReply {
    const { pathname } = new URL(request.url);
    const path = /\/bots\/([^/]+)\/messages$/.exec(pathname);
    if (path?.[1] === undefined) return apiError(404, 'not_found', `No Bot API endpoint at ${pathname}.`);
    if (request.method !== 'POST') return apiError(405, 'method_not_allowed', 'Use POST.');
    const { botId, token, log } = this.#init;
    const header = (name: string) => request.headers.get(name) ?? undefined;
    const checked = validateSendMessage({ botId, token }, decodeURIComponent(path[1]), header, raw);
    if (!checked.ok) return checked.reply;
    const { room_id, body, reply_to_message_id, metadata } = checked.data;
    if (!log.rooms.has(room_id)) {
      return apiError(
        404,
        'room_not_found',
        `Room ${room_id} does not exist in this test chat: a room exists once a test user says something in it, or chat.room(${room_id}) names it.`,
      );
    }
    const message = log.add({
      from: 'bot',
      sender_id: botId,
      room_id,
      body,
      message_type: 'TEXT',
      ...(reply_to_message_id === undefined ? {} : { reply_to_message_id }),
      ...(metadata === undefined ? {} : { metadata }),
    });
    return {
      status: 201,
      body: { ok: true, message_id: message.message_id, message },
      headers: { 'x-request-id': randomId('req_') },
    };
  }
}

function injectedReply(failure: {
  status: number;
  retryAfter?: number | string | undefined;
  body?: unknown;
}) {
  const reply = apiError(
    failure.status,
    'injected_failure',
    `A failure injected by the test (failNextSend), status ${failure.status}.`,
  );
  const headers: Record<string, string> = { ...reply.headers };
  if (failure.retryAfter !== undefined) headers['retry-after'] = String(failure.retryAfter);
  return { status: failure.status, body: failure.body === undefined ? reply.body : failure.body, headers };
}

function toResponse(reply: JsonReply): Response {
  return new Response(JSON.stringify(reply.body), {
    status: reply.status,
    headers: { 'content-type': 'application/json', ...reply.headers },
  });
}

/** Never answers; rejects like fetch when the client aborts the attempt (its timeout). */
function hang(signal: AbortSignal): Promise<never> {
  return new Promise((_resolve, reject) => {
    if (signal.aborted) reject(signal.reason);
    else signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}

/** What fetch rejects with when the connection fails: `TypeError('fetch failed')` with a coded cause. */
function connectionFailure(kind: 'refused' | 'reset'): TypeError {
  const code = kind === 'refused' ? 'ECONNREFUSED' : 'ECONNRESET';
  const cause = Object.assign(new Error(`${kind === 'refused' ? 'connect' : 'read'} ${code} (injected)`), {
    code,
  });
  return new TypeError('fetch failed', { cause });
}

function parseLoosely(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

import { readFileSync } from 'node:fs';
import { BotClient } from '../../src/client/bot-client.js';
import { BOT_ID, SECRET, sign } from '../support/index.js';

export { BOT_ID, SECRET };
export const URL_ = 'https://bot.example/momotalk/webhook';

/** The guide's sample event (test/fixtures/handler/message-created.json). */
export const messageCreated = JSON.parse(
  readFileSync(new URL('../fixtures/handler/message-created.json', import.meta.url), 'utf8'),
) as Record<string, unknown> & { event_id: string; message: Record<string, unknown> };

/** A copy of the sample event with another event id (and optional overrides). */
export function messageEvent(eventId: string, overrides: Record<string, unknown> = {}) {
  return { ...messageCreated, event_id: eventId, ...overrides };
}

export interface RequestOptions {
  readonly secret?: string;
  readonly signature?: string | null;
  readonly botId?: string | null;
  readonly eventId?: string | null;
  readonly method?: string;
  readonly headers?: Record<string, string>;
}

/** A delivery as MoMoTalk sends it: raw JSON body, bot id, event id and signature headers. */
export function signedRequest(body: unknown, options: RequestOptions = {}): Request {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  const parsed =
    typeof body === 'object' && body !== null ? (body as { event_id?: unknown; bot_id?: unknown }) : {};
  const headers: Record<string, string> = { 'content-type': 'application/json', ...options.headers };
  const botId =
    options.botId === undefined
      ? typeof parsed.bot_id === 'string'
        ? parsed.bot_id
        : BOT_ID
      : options.botId;
  const eventId =
    options.eventId === undefined
      ? typeof parsed.event_id === 'string'
        ? parsed.event_id
        : null
      : options.eventId;
  const signature = options.signature === undefined ? sign(raw, options.secret ?? SECRET) : options.signature;
  if (botId !== null) headers['x-momotalk-bot-id'] = botId;
  if (eventId !== null) headers['x-momotalk-event-id'] = eventId;
  if (signature !== null) headers['x-momotalk-bot-signature'] = signature;
  const method = options.method ?? 'POST';
  return new Request(URL_, {
    method,
    headers,
    ...(method === 'GET' || method === 'HEAD' ? {} : { body: raw }),
  });
}

/** A real BotClient whose fetch records each request and answers 200 `{"message_id":789}`. */
export function recordingClient() {
  const requests: Array<{ url: string; authorization: string | null; body: unknown }> = [];
  const client = new BotClient({
    botId: BOT_ID,
    token: 'test-bot-token',
    baseUrl: 'https://bot-api.test/api',
    fetch: async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = new Request(input, init);
      requests.push({
        url: request.url,
        authorization: request.headers.get('authorization'),
        body: await request.json(),
      });
      return Response.json({ message_id: 789 });
    },
  });
  return { client, requests };
}

/** A promise plus its resolve function, to hold a handler mid-processing. */
export function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

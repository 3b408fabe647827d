import { inspect } from 'node:util';
import { expect } from 'vitest';

export const TOKEN = 'mmt_secret_token_0123456789abcdef';
export const BOT_ID = 'bot_1';
export const BASE_URL = 'https://bot.test/api';
export const MESSAGES_URL = `${BASE_URL}/bots/${BOT_ID}/messages`;
export const PAYLOAD = {
  room_id: 123,
  reply_to_message_id: 456,
  body: 'Thanks. I received your message.',
  metadata: { intent: 'ack' },
};

/** Options for a client that never waits long: tiny backoff, short timeouts. */
export const FAST = { botId: BOT_ID, token: TOKEN, baseUrl: BASE_URL, retry: { baseDelay: 1, maxDelay: 2 } };

/** Every rendering of `error` a log or a crash report could contain, with causes. */
export function renderings(error: unknown): string[] {
  const out: string[] = [
    inspect(error, { depth: 10, showHidden: true }),
    JSON.stringify(error) ?? '',
    String(error),
  ];
  let current: unknown = error;
  for (let depth = 0; depth < 8 && typeof current === 'object' && current !== null; depth++) {
    const { message, stack } = current as { message?: unknown; stack?: unknown };
    out.push(String(message), String(stack));
    current = (current as { cause?: unknown }).cause;
  }
  return out;
}

/** Fails when the token appears in any rendering of `error` or in any of `lines`. */
export function expectNoToken(error: unknown, lines: readonly string[] = []): void {
  for (const text of [...renderings(error), ...lines]) expect(text).not.toContain(TOKEN);
}

/** Awaits `promise` and returns what it rejected with (fails when it resolves). */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}

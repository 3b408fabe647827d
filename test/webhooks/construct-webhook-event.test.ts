import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  type ConstructWebhookEventOptions,
  constructWebhookEvent,
  constructWebhookEventAsync,
  type HeadersLike,
  isMoMoTalkError,
  isWebhookPayloadError,
  isWebhookVerificationError,
  signWebhook,
  WebhookVerificationError,
  type WebhookVerificationReason,
} from '../../src/index.js';

const secret = 'construct-secret-7Hq';
const timestamp = 1_780_833_600;
const event = {
  event_id: 'evt_1',
  event_type: 'talk.message_created',
  bot_id: 'bot_1',
  timestamp,
  message: {
    room_id: 123,
    message_id: 456,
    sender_user_id: 'user_1',
    body: 'hello',
    message_type: 'TEXT',
    created_at: timestamp,
  },
};
const body = JSON.stringify(event);
const signature = signWebhook(body, secret);
const headers = {
  'X-MoMoTalk-Bot-Id': 'bot_1',
  'X-MoMoTalk-Event-Id': 'evt_1',
  'X-MoMoTalk-Bot-Signature': signature,
};
const atTimestamp = (offsetSeconds: number) => () => (timestamp + offsetSeconds) * 1000;

/** Runs both the sync and async variants; they must agree. */
async function both(
  rawBody: string | Uint8Array,
  hdrs: HeadersLike,
  options?: ConstructWebhookEventOptions,
): Promise<{ ok: true; value: unknown } | { ok: false; error: unknown }> {
  let sync: { ok: true; value: unknown } | { ok: false; error: unknown };
  try {
    sync = { ok: true, value: constructWebhookEvent(rawBody, hdrs, secret, options) };
  } catch (error) {
    sync = { ok: false, error };
  }
  const async = await constructWebhookEventAsync(rawBody, hdrs, secret, options).then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  expect(async).toEqual(sync);
  if (!sync.ok && !async.ok) expect((async.error as Error).name).toBe((sync.error as Error).name);
  return sync;
}

async function reasonOf(rawBody: string, hdrs: HeadersLike, options?: ConstructWebhookEventOptions) {
  const result = await both(rawBody, hdrs, options);
  if (result.ok) throw new Error('expected a rejection');
  if (!isWebhookVerificationError(result.error)) throw result.error;
  return result.error.reason;
}

describe('constructWebhookEvent / constructWebhookEventAsync', () => {
  it('returns the typed event for a genuine delivery, with Headers, Node headers or a plain object', async () => {
    const forms: HeadersLike[] = [
      headers,
      new Headers(headers),
      Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v])),
    ];
    for (const form of forms) {
      const result = await both(body, form);
      expect(result).toEqual({ ok: true, value: event });
    }
  });

  it('treats missing id headers as nothing to compare (the body is what is signed)', async () => {
    expect((await both(body, { 'x-momotalk-bot-signature': signature })).ok).toBe(true);
    const empty = {
      'x-momotalk-bot-signature': signature,
      'x-momotalk-bot-id': '',
      'x-momotalk-event-id': '',
    };
    expect((await both(body, empty)).ok).toBe(true);
  });

  it.each<[string, HeadersLike, WebhookVerificationReason]>([
    ['no signature header', { 'x-momotalk-bot-id': 'bot_1' }, 'missing_signature'],
    ['an empty signature header', { 'x-momotalk-bot-signature': '' }, 'missing_signature'],
    ['a wrong signature', { 'x-momotalk-bot-signature': '0'.repeat(64) }, 'invalid_signature'],
    ['a malformed signature', { 'x-momotalk-bot-signature': `sha256=${signature}` }, 'invalid_signature'],
    [
      'a duplicated signature header',
      { 'x-momotalk-bot-signature': [signature, signature] },
      'invalid_signature',
    ],
    ['another bot id header', { ...headers, 'X-MoMoTalk-Bot-Id': 'bot_2' }, 'bot_id_mismatch'],
    ['another event id header', { ...headers, 'X-MoMoTalk-Event-Id': 'evt_2' }, 'event_id_mismatch'],
  ])('refuses %s', async (_label, hdrs, reason) => {
    expect(await reasonOf(body, hdrs)).toBe(reason);
  });

  it('checks the botId option against the body', async () => {
    expect((await both(body, headers, { botId: 'bot_1' })).ok).toBe(true);
    expect(await reasonOf(body, headers, { botId: 'bot_2' })).toBe('bot_id_mismatch');
  });

  it('checks the signature before parsing: a forged invalid body is a verification error, not a payload error', async () => {
    expect(await reasonOf('not json', { 'x-momotalk-bot-signature': signature })).toBe('invalid_signature');
  });

  it('a genuine but malformed known event is a WebhookPayloadError', async () => {
    const bad = JSON.stringify({ ...event, message: {} });
    const result = await both(bad, { 'x-momotalk-bot-signature': signWebhook(bad, secret) });
    expect(result.ok).toBe(false);
    expect(!result.ok && isWebhookPayloadError(result.error)).toBe(true);
  });

  it('a genuine unknown event without ids passes the id checks, even with botId set', async () => {
    const unknown = '{"event_type":"webhook.test"}';
    const result = await both(
      unknown,
      {
        'X-MoMoTalk-Bot-Id': 'bot_1',
        'X-MoMoTalk-Event-Id': 'evt_1',
        'X-MoMoTalk-Bot-Signature': signWebhook(unknown, secret),
      },
      { botId: 'bot_1' },
    );
    expect(result).toEqual({ ok: true, value: { event_type: 'webhook.test' } });
  });

  it('compares numeric body ids as strings', async () => {
    const unknown = '{"event_type":"talk.x","bot_id":42,"event_id":7}';
    const hdrs = {
      'x-momotalk-bot-signature': signWebhook(unknown, secret),
      'x-momotalk-bot-id': '42',
      'x-momotalk-event-id': '7',
    };
    expect((await both(unknown, hdrs)).ok).toBe(true);
    expect(await reasonOf(unknown, { ...hdrs, 'x-momotalk-event-id': '8' })).toBe('event_id_mismatch');
  });

  describe('maxAgeSeconds (off by default)', () => {
    it('is off by default: a years-old event passes', async () => {
      expect((await both(body, headers, { now: atTimestamp(10 * 365 * 86_400) })).ok).toBe(true);
    });

    it('accepts an event within the limit, either side of the clock', async () => {
      for (const offset of [0, 299, 300, -300]) {
        expect(
          (await both(body, headers, { maxAgeSeconds: 300, now: atTimestamp(offset) })).ok,
          `${offset}`,
        ).toBe(true);
      }
    });

    it('refuses an event older than the limit, or further ahead than it', async () => {
      expect(await reasonOf(body, headers, { maxAgeSeconds: 300, now: atTimestamp(301) })).toBe(
        'timestamp_too_old',
      );
      expect(await reasonOf(body, headers, { maxAgeSeconds: 300, now: atTimestamp(-301) })).toBe(
        'timestamp_in_future',
      );
    });

    it('refuses an event without a numeric timestamp when the limit is set', async () => {
      const unknown = '{"event_type":"webhook.test","timestamp":"yesterday"}';
      const hdrs = { 'x-momotalk-bot-signature': signWebhook(unknown, secret) };
      expect(await reasonOf(unknown, hdrs, { maxAgeSeconds: 300 })).toBe('missing_timestamp');
      expect((await both(unknown, hdrs)).ok).toBe(true);
    });

    it('uses Date.now by default', async () => {
      const fresh = JSON.stringify({ ...event, timestamp: Math.floor(Date.now() / 1000) });
      const hdrs = { 'x-momotalk-bot-signature': signWebhook(fresh, secret) };
      expect((await both(fresh, hdrs, { maxAgeSeconds: 60 })).ok).toBe(true);
      expect(await reasonOf(body, headers, { maxAgeSeconds: 60 })).toBe('timestamp_too_old');
    });

    it.each([-1, Number.NaN, Number.POSITIVE_INFINITY, '300'])(
      'refuses maxAgeSeconds %s as a programmer error',
      (bad) => {
        const options = { maxAgeSeconds: bad as number };
        expect(() => constructWebhookEvent(body, headers, secret, options)).toThrow(TypeError);
        expect(() => constructWebhookEventAsync(body, headers, secret, options)).toThrow(/maxAgeSeconds/);
      },
    );
  });

  it('errors carry a reason, are MoMoTalkErrors, and never show the secret or the signature', async () => {
    const results = await Promise.all([
      both(body, { 'x-momotalk-bot-signature': '0'.repeat(64) }),
      both(body, { ...headers, 'X-MoMoTalk-Bot-Id': 'bot_2' }),
      both(body, {}),
      both(body, headers, { maxAgeSeconds: 1, now: atTimestamp(100) }),
    ]);
    for (const result of results) {
      if (result.ok) throw new Error('expected a rejection');
      const error = result.error as WebhookVerificationError;
      expect(error).toBeInstanceOf(WebhookVerificationError);
      expect(isMoMoTalkError(error)).toBe(true);
      expect(error.name).toBe('WebhookVerificationError');
      const text = `${String(error)} ${inspect(error)} ${JSON.stringify(error)}`;
      expect(text).not.toContain(secret);
      expect(text).not.toContain(signature);
    }
  });
});

// The hostile-input corpus: seeded, generated requests for the three receivers, each with the status its
// contract documents and the marks (ids) that must reach user code. The oracle signs with node:crypto
// directly, never through the SDK under test.
import { ADMIN_KEY, BOT_ID, NHN_SIGNATURE, SECRET, sign } from '../../support/index.js';
import type { Prng } from './prng.js';

export type ReceiverName = 'momotalk' | 'bizmessage' | 'talkshare';

/** One generated request and what the receiver must do with it. */
export interface HostileRequest {
  readonly receiver: ReceiverName;
  /** The class it is counted under in the report. */
  readonly cls: string;
  readonly method: string;
  /** Path and query string. */
  readonly path: string;
  /** Header lines in order; a name may repeat (a duplicated header). */
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly body: Uint8Array | undefined;
  /** The documented status. */
  readonly expected: number;
  /** The documented `error` code of the JSON answer, when the class pins one. */
  readonly error?: string;
  /** Ids that must reach user code because of this request (empty for everything not genuine). */
  readonly marks: readonly string[];
  /** Where node:http differs from Fetch (Node keeps the first of some duplicated headers). */
  readonly node?: { readonly expected: number; readonly marks: readonly string[] };
}

/** The body limit the corpus receivers are created with (smaller than the 1 MiB default: a quicker run). */
export const LIMIT = 64 * 1024;
export const MOMOTALK_SECRET = SECRET;
export { ADMIN_KEY, BOT_ID, NHN_SIGNATURE };

const utf8 = new TextEncoder();
const bytes = (text: string): Uint8Array => utf8.encode(text);
const hmac = (body: Uint8Array, secret = MOMOTALK_SECRET): string => sign(body, secret);
const concat = (...parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
};

/** Invalid UTF-8 sequences: a lone continuation byte, an overlong '/', a truncated 3-byte, a surrogate. */
const INVALID_UTF8 = [
  [0x80],
  [0xc0, 0xaf],
  [0xe2, 0x82],
  [0xed, 0xa0, 0x80],
  [0xff, 0xfe],
  [0xf8, 0x88, 0x80, 0x80, 0x80],
].map((list) => Uint8Array.from(list));

const OTHER_METHODS = ['GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'];
const WRONG_CONTENT_TYPES = [
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/xml',
  'garbage',
  'application/json; charset=latin1',
];
const PROTO_KEYS = ['__proto__', 'constructor', 'prototype'];

/** `{"k":{"k":…}}` or `[[…]]` nested `depth` deep. */
function nested(depth: number, kind: 'array' | 'object'): string {
  return kind === 'array'
    ? `${'['.repeat(depth)}${']'.repeat(depth)}`
    : `${'{"k":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

/** A JSON object text with a hostile prototype key at the top and one inside `inner`. */
function protoJson(base: Record<string, unknown>, inner: string, rng: Prng): string {
  const key = rng.pick(PROTO_KEYS);
  const payload = rng.pick([
    '{"polluted":"yes"}',
    '{"prototype":{"polluted":"yes"}}',
    '{"toString":"x","valueOf":1,"hasOwnProperty":null}',
    'null',
    '"x"',
  ]);
  const text = JSON.stringify(base);
  const withInner = text.replace(`"${inner}":{`, `"${inner}":{"${rng.pick(PROTO_KEYS)}":${payload},`);
  return `{"${key}":${payload},${withInner.slice(1)}`;
}

/** Mostly moderate depths (quick), one in ten near the most that fits the limit. */
function depthFor(rng: Prng, kind: 'array' | 'object'): number {
  const max = kind === 'array' ? 30_000 : 10_000;
  return rng.chance(0.1) ? rng.int(max / 2, max) : rng.int(100, 2000);
}

type Make = (rng: Prng, id: string) => HostileRequest;
type Weighted = readonly [weight: number, make: Make];

function weightedPick(rng: Prng, table: readonly Weighted[]): Make {
  const total = table.reduce((sum, [weight]) => sum + weight, 0);
  let roll = rng.next() * total;
  for (const [weight, generator] of table) {
    roll -= weight;
    if (roll < 0) return generator;
  }
  return (table[table.length - 1] as Weighted)[1];
}

// ---------------------------------------------------------------------------------------------- MoMoTalk

function messageEvent(rng: Prng, id: string, body = 'hi'): Record<string, unknown> {
  return {
    event_id: id,
    event_type: 'talk.message_created',
    bot_id: BOT_ID,
    timestamp: 1_780_833_600 + rng.int(0, 1000),
    message: {
      room_id: rng.chance(0.5) ? rng.int(1, 1_000_000) : `room_${rng.int(1, 1000)}`,
      message_id: rng.int(1, 1_000_000_000),
      sender_user_id: `user_${rng.int(1, 1000)}`,
      body,
      message_type: 'TEXT',
      created_at: 1_780_833_600,
    },
  };
}

interface MoMoTalkPost {
  cls: string;
  body: Uint8Array;
  expected: number;
  error?: string;
  marks?: readonly string[];
  /** `true`: the right HMAC; a string: that header value; `null`: no header. */
  signature?: true | string | null;
  eventId?: string | null;
  botId?: string | null;
  contentType?: string | null;
  extra?: ReadonlyArray<readonly [string, string]>;
  method?: string;
}

function momotalkPost(spec: MoMoTalkPost): HostileRequest {
  const headers: Array<readonly [string, string]> = [];
  const contentType = spec.contentType === undefined ? 'application/json' : spec.contentType;
  if (contentType !== null) headers.push(['content-type', contentType]);
  if (spec.botId !== undefined && spec.botId !== null) headers.push(['x-momotalk-bot-id', spec.botId]);
  if (spec.eventId !== undefined && spec.eventId !== null)
    headers.push(['x-momotalk-event-id', spec.eventId]);
  const signature =
    spec.signature === undefined || spec.signature === true ? hmac(spec.body) : spec.signature;
  if (signature !== null) headers.push(['x-momotalk-bot-signature', signature]);
  headers.push(...(spec.extra ?? []));
  const method = spec.method ?? 'POST';
  return {
    receiver: 'momotalk',
    cls: spec.cls,
    method,
    path: '/momotalk/webhook',
    headers,
    body: method === 'GET' || method === 'HEAD' ? undefined : spec.body,
    expected: spec.expected,
    ...(spec.error === undefined ? {} : { error: spec.error }),
    marks: spec.marks ?? [],
  };
}

/** A signed, valid delivery with the usual headers. */
function genuine(
  cls: string,
  body: Uint8Array,
  id: string,
  extra: Partial<MoMoTalkPost> = {},
): HostileRequest {
  return momotalkPost({ cls, body, expected: 200, marks: [id], eventId: id, botId: BOT_ID, ...extra });
}

const momotalkTable: readonly Weighted[] = [
  [
    12,
    (rng, id) =>
      genuine('valid', bytes(JSON.stringify(messageEvent(rng, id, rng.text(rng.int(1, 200))))), id),
  ],
  [
    4,
    (rng, id) =>
      genuine(
        'valid: unknown event type',
        bytes(JSON.stringify({ event_id: id, event_type: `talk.future_${rng.int(1, 9)}`, bot_id: BOT_ID })),
        id,
      ),
  ],
  [
    2,
    (rng, id) => {
      // Uppercase hex is well-formed hex for the same bytes: accepted (lenient; the guide sends lowercase).
      const body = bytes(JSON.stringify(messageEvent(rng, id)));
      return genuine('valid: uppercase hex signature', body, id, { signature: hmac(body).toUpperCase() });
    },
  ],
  [
    5,
    (rng, id) =>
      momotalkPost({
        cls: 'method not allowed',
        method: rng.pick(OTHER_METHODS),
        body: bytes(JSON.stringify(messageEvent(rng, id))),
        expected: 405,
        error: 'method_not_allowed',
      }),
  ],
  [
    6,
    (rng, id) =>
      momotalkPost({
        cls: 'unsigned',
        body: bytes(JSON.stringify(messageEvent(rng, id))),
        signature: rng.chance(0.8) ? null : '',
        eventId: id,
        expected: 401,
        error: 'missing_signature',
      }),
  ],
  [
    10,
    (rng, id) => {
      const body = bytes(JSON.stringify(messageEvent(rng, id)));
      const real = hmac(body);
      const signature = rng.pick([
        () => rng.hex(64),
        () => hmac(body, 'another-bots-secret'),
        () => real.slice(0, 63),
        () => `${real}0`,
        () => `${real.slice(0, 62)}zz`,
        () => `sha256=${real}`,
        () => `${real.slice(0, 63)}${real[63] === '0' ? '1' : '0'}`,
        () => hmac(bytes(`${new TextDecoder().decode(body)} `)),
        () => 'x'.repeat(rng.int(1, 5000)),
      ])();
      return momotalkPost({ cls: 'forged signature', body, signature, eventId: id, expected: 401 });
    },
  ],
  [
    3,
    (rng, id) => {
      // A genuine body with one byte changed, sent with the original signature.
      const body = bytes(JSON.stringify(messageEvent(rng, id)));
      const signature = hmac(body);
      const tampered = body.slice();
      const at = rng.int(0, tampered.length - 1);
      tampered[at] = ((tampered[at] as number) + rng.int(1, 255)) % 256;
      return momotalkPost({
        cls: 'tampered body',
        body: tampered,
        signature,
        eventId: id,
        expected: 401,
        error: 'invalid_signature',
      });
    },
  ],
  [
    8,
    (rng, id) => {
      const text = JSON.stringify(messageEvent(rng, id));
      const body = bytes(
        rng.pick([
          () => text.slice(0, rng.int(0, text.length - 1)),
          () => text.replace(/}$/, ',}'),
          () => text.replaceAll('"', "'"),
          () => text.replace('"hi"', 'NaN'),
          () => `${text}${text}`,
          () => `/* c */${text}`,
          () => `{${rng.text(rng.int(1, 300))}`,
          () => '',
        ])(),
      );
      return momotalkPost({ cls: 'signed: malformed JSON', body, expected: 400, error: 'invalid_payload' });
    },
  ],
  [
    3,
    (rng) =>
      momotalkPost({
        cls: 'signed: random bytes',
        body: rng.bytes(rng.int(1, 2000)),
        expected: 400,
        error: 'invalid_payload',
      }),
  ],
  [
    4,
    (rng, id) => {
      // Invalid UTF-8 inside a string value: decoded leniently (U+FFFD), the event is still valid.
      const [head, tail] = JSON.stringify(messageEvent(rng, id, 'SPLIT')).split('SPLIT') as [string, string];
      const body = concat(bytes(head), rng.pick(INVALID_UTF8), bytes(tail));
      return genuine('signed: invalid UTF-8 in a string', body, id);
    },
  ],
  [
    2,
    (rng, id) => {
      const text = JSON.stringify(messageEvent(rng, id));
      const at = rng.int(1, 10);
      const body = concat(bytes(text.slice(0, at)), rng.pick(INVALID_UTF8), bytes(text.slice(at)));
      return momotalkPost({ cls: 'signed: invalid UTF-8 in the structure', body, expected: 400 });
    },
  ],
  [
    4,
    (rng, id) => {
      // Deep nesting in an extra field: kept as data (loose schema), no recursion limit hit: 200.
      const kind = rng.pick(['array', 'object'] as const);
      const depth = depthFor(rng, kind);
      const body = bytes(
        `{"event_id":"${id}","event_type":"talk.message_created.v2","extra":${nested(depth, kind)}}`,
      );
      return genuine('signed: deep nesting (unknown type)', body, id);
    },
  ],
  [
    2,
    (rng, id) => {
      const text = JSON.stringify(messageEvent(rng, id, 'NEST')).replace(
        '"NEST"',
        nested(rng.int(100, 20_000), 'array'),
      );
      return momotalkPost({ cls: 'signed: deep nesting in a typed field', body: bytes(text), expected: 400 });
    },
  ],
  [
    3,
    (rng, id) => {
      const size = rng.int(1000, LIMIT - 400);
      const body = bytes(JSON.stringify(messageEvent(rng, id, 'é'.repeat(Math.floor(size / 2)))));
      return genuine('signed: huge string within the limit', body, id);
    },
  ],
  [
    2,
    (rng, id) => {
      const event = messageEvent(rng, id);
      const count = rng.int(100, Math.floor((LIMIT - 400) / 2));
      const body = bytes(JSON.stringify({ ...event, extra: new Array(count).fill(0) }));
      return genuine('signed: huge array within the limit', body, id);
    },
  ],
  [
    1,
    (rng, id) => {
      const text = JSON.stringify(messageEvent(rng, id, ''));
      const body = bytes(text.replace('"body":""', `"body":"${'a'.repeat(LIMIT - text.length)}"`));
      return genuine('signed: exactly at the limit', body, id);
    },
  ],
  [
    3,
    (rng, id) => {
      const size = LIMIT + rng.pick([1, rng.int(2, LIMIT), rng.int(LIMIT, 3 * LIMIT)]);
      const text = JSON.stringify(messageEvent(rng, id, ''));
      const body = bytes(text.replace('"body":""', `"body":"${'a'.repeat(size - text.length)}"`));
      // Credentials are checked before the body is read: without a signature header, 401 before any 413.
      const signed = rng.chance(0.5);
      return momotalkPost({
        cls: 'over the limit',
        body,
        signature: signed ? true : null,
        expected: signed ? 413 : 401,
        error: signed ? 'body_too_large' : 'missing_signature',
      });
    },
  ],
  [
    5,
    (rng, id) =>
      genuine(
        'signed: __proto__/constructor/prototype keys',
        bytes(protoJson(messageEvent(rng, id), 'message', rng)),
        id,
      ),
  ],
  [
    1,
    (_rng, id) => {
      // The event type only on a `__proto__` member: JSON.parse makes it an own key, so there is no type.
      const body = bytes(`{"__proto__":{"event_type":"talk.message_created"},"event_id":"${id}"}`);
      return momotalkPost({
        cls: 'signed: event_type only under __proto__',
        body,
        expected: 400,
        error: 'invalid_payload',
      });
    },
  ],
  [
    6,
    (rng, id) => {
      const event = messageEvent(rng, id);
      const message = event.message as Record<string, unknown>;
      const body = rng.pick([
        () => '[]',
        () => 'null',
        () => '"talk.message_created"',
        () => '42',
        () => 'true',
        () => '{}',
        () => JSON.stringify({ ...event, event_type: 42 }),
        () => JSON.stringify({ ...event, message: { ...message, room_id: true } }),
        () => JSON.stringify({ ...event, message: { ...message, body: 123 } }),
        () => JSON.stringify({ ...event, message: [] }),
        () => JSON.stringify({ ...event, message: undefined }),
        () => JSON.stringify({ ...event, timestamp: 'yesterday' }),
        () => JSON.stringify({ ...event, bot_id: 7 }),
        () => JSON.stringify({ ...event, event_id: null }),
      ])();
      return momotalkPost({
        cls: 'signed: wrong types',
        body: bytes(body),
        expected: 400,
        error: 'invalid_payload',
      });
    },
  ],
  [
    4,
    (rng, id) => {
      const body = bytes(JSON.stringify(messageEvent(rng, id)));
      const which = rng.int(0, 2);
      if (which === 0) {
        return momotalkPost({
          cls: 'duplicate headers: signature',
          body,
          eventId: id,
          extra: [['x-momotalk-bot-signature', hmac(body)]],
          expected: 401,
        });
      }
      if (which === 1) {
        return momotalkPost({
          cls: 'duplicate headers: event id',
          body,
          eventId: id,
          extra: [['x-momotalk-event-id', id]],
          expected: 401,
          error: 'event_id_mismatch',
        });
      }
      return momotalkPost({
        cls: 'duplicate headers: bot id',
        body,
        botId: BOT_ID,
        extra: [['x-momotalk-bot-id', BOT_ID]],
        expected: 401,
        error: 'bot_id_mismatch',
      });
    },
  ],
  [
    2,
    (rng, id) =>
      genuine('duplicate headers: content-type', bytes(JSON.stringify(messageEvent(rng, id))), id, {
        extra: [['content-type', 'text/plain']],
      }),
  ],
  [
    4,
    (rng, id) => {
      const body = bytes(JSON.stringify(messageEvent(rng, id)));
      return genuine('missing headers: ids/content-type', body, id, {
        eventId: rng.chance(0.5) ? id : null,
        botId: rng.chance(0.5) ? BOT_ID : null,
        contentType: rng.chance(0.5) ? 'application/json' : null,
      });
    },
  ],
  [
    4,
    (rng, id) => {
      const event = messageEvent(rng, id);
      const which = rng.int(0, 2);
      if (which === 0) {
        return momotalkPost({
          cls: 'header/body mismatch',
          body: bytes(JSON.stringify(event)),
          eventId: `${id}_other`,
          expected: 401,
          error: 'event_id_mismatch',
        });
      }
      if (which === 1) {
        return momotalkPost({
          cls: 'header/body mismatch',
          body: bytes(JSON.stringify(event)),
          botId: 'bot_someone_else',
          expected: 401,
          error: 'bot_id_mismatch',
        });
      }
      return momotalkPost({
        cls: 'header/body mismatch',
        body: bytes(JSON.stringify({ ...event, bot_id: 'bot_someone_else' })),
        expected: 401,
        error: 'bot_id_mismatch',
      });
    },
  ],
  [
    3,
    (rng, id) =>
      genuine('wrong content type (signed)', bytes(JSON.stringify(messageEvent(rng, id))), id, {
        contentType: rng.pick(WRONG_CONTENT_TYPES),
      }),
  ],
  [
    2,
    (rng, id) =>
      momotalkPost({
        cls: 'wrong content type (unsigned)',
        body: bytes(JSON.stringify(messageEvent(rng, id))),
        contentType: rng.pick(WRONG_CONTENT_TYPES),
        signature: null,
        expected: 401,
      }),
  ],
];

// ---------------------------------------------------------------------------------------------- Bizmessage

interface BizPost {
  cls: string;
  body: Uint8Array;
  expected: number;
  error?: string;
  marks?: readonly string[];
  signature?: string | null;
  contentType?: string | null;
  extra?: ReadonlyArray<readonly [string, string]>;
  method?: string;
}

function bizPost(spec: BizPost): HostileRequest {
  const headers: Array<readonly [string, string]> = [];
  const contentType = spec.contentType === undefined ? 'application/json;charset=UTF-8' : spec.contentType;
  if (contentType !== null) headers.push(['content-type', contentType]);
  const signature = spec.signature === undefined ? NHN_SIGNATURE : spec.signature;
  if (signature !== null) headers.push(['x-toast-webhook-signature', signature]);
  headers.push(...(spec.extra ?? []));
  const method = spec.method ?? 'POST';
  return {
    receiver: 'bizmessage',
    cls: spec.cls,
    method,
    path: '/hooks/nhn',
    headers,
    body: method === 'GET' || method === 'HEAD' ? undefined : spec.body,
    expected: spec.expected,
    ...(spec.error === undefined ? {} : { error: spec.error }),
    marks: spec.marks ?? [],
  };
}

function resultHook(rng: Prng, hookId: string): Record<string, unknown> {
  return {
    hookId,
    kakaoMessageType: 'ALIMTALK_NORMAL',
    requestId: `req-${rng.int(1, 1e6)}`,
    recipientSeq: rng.int(1, 100),
    recipientNo: '01000000000',
    resultCode: 'MRC01',
    _links: { self: { href: 'https://api-alimtalk.example/x' } },
  };
}

/** A valid MESSAGE_RESULT_UPDATE delivery with 0–5 hooks; marks are the hook ids. */
function bizResults(rng: Prng, id: string, count = rng.int(0, 5)) {
  const ids = Array.from({ length: count }, (_, index) => `${id}.${index}`);
  const envelope = {
    hooksId: `hooks-${id}`,
    appKey: 'app',
    event: 'MESSAGE_RESULT_UPDATE',
    hooks: ids.map((hookId) => resultHook(rng, hookId)),
  };
  return { envelope, ids };
}

const bizTable: readonly Weighted[] = [
  [
    12,
    (rng, id) => {
      const { envelope, ids } = bizResults(rng, id);
      return bizPost({ cls: 'valid', body: bytes(JSON.stringify(envelope)), expected: 200, marks: ids });
    },
  ],
  [
    4,
    (rng, id) => {
      // Another NHN event: acknowledged and handed to onUnknown, keyed by hookId or hooksId#index.
      const count = rng.int(1, 4);
      const hooks = Array.from({ length: count }, (_, index) =>
        rng.chance(0.5) ? { hookId: `${id}.${index}`, x: 1 } : { x: index },
      );
      const hooksId = `hooks-${id}`;
      const marks = hooks.map((hook, index) =>
        'hookId' in hook ? String(hook.hookId) : `${hooksId}#${index}`,
      );
      const body = bytes(JSON.stringify({ hooksId, event: `OTHER_${rng.int(1, 9)}`, hooks }));
      return bizPost({ cls: 'valid: unknown event', body, expected: 200, marks });
    },
  ],
  [
    5,
    (rng, id) =>
      bizPost({
        cls: 'method not allowed',
        method: rng.pick(OTHER_METHODS),
        body: bytes(JSON.stringify(bizResults(rng, id).envelope)),
        expected: 405,
      }),
  ],
  [
    6,
    (rng, id) =>
      bizPost({
        cls: 'unsigned',
        body: bytes(JSON.stringify(bizResults(rng, id).envelope)),
        signature: rng.chance(0.8) ? null : '',
        expected: 401,
        error: 'missing_signature',
      }),
  ],
  [
    10,
    (rng, id) => {
      const signature = rng.pick([
        () => `${NHN_SIGNATURE}x`,
        () => NHN_SIGNATURE.slice(0, -1),
        () => NHN_SIGNATURE.toUpperCase(),
        () => rng.hex(rng.int(1, 100)),
        () => `${NHN_SIGNATURE}, ${NHN_SIGNATURE}`,
        () => 'x'.repeat(rng.int(1, 5000)),
      ])();
      return bizPost({
        cls: 'forged signature',
        body: bytes(JSON.stringify(bizResults(rng, id).envelope)),
        signature,
        expected: 401,
        error: 'invalid_signature',
      });
    },
  ],
  [
    4,
    (rng, id) =>
      bizPost({
        cls: 'duplicate headers: signature',
        body: bytes(JSON.stringify(bizResults(rng, id).envelope)),
        extra: [['x-toast-webhook-signature', NHN_SIGNATURE]],
        expected: 401,
        error: 'invalid_signature',
      }),
  ],
  [
    8,
    (rng, id) => {
      const text = JSON.stringify(bizResults(rng, id, 2).envelope);
      const body = rng.pick([
        () => text.slice(0, rng.int(0, text.length - 1)),
        () => text.replace(/}$/, ',}'),
        () => `{${rng.text(rng.int(1, 300))}`,
        () => '',
        () => '   ',
      ])();
      return bizPost({
        cls: 'signed: malformed JSON',
        body: bytes(body),
        expected: 400,
        error: 'invalid_json',
      });
    },
  ],
  [
    6,
    (rng, id) => {
      const { envelope } = bizResults(rng, id, 2);
      const body = rng.pick([
        () => '[]',
        () => 'null',
        () => '42',
        () => JSON.stringify({ ...envelope, hooksId: undefined }),
        () => JSON.stringify({ ...envelope, hooksId: 12 }),
        () => JSON.stringify({ ...envelope, hooks: {} }),
        () => JSON.stringify({ ...envelope, event: 42 }),
      ])();
      return bizPost({
        cls: 'signed: wrong types',
        body: bytes(body),
        expected: 400,
        error: 'invalid_payload',
      });
    },
  ],
  [
    3,
    (rng, id) => {
      // A malformed hook is reported on its own (onInvalidHook) and never sinks its envelope: 200.
      const { envelope } = bizResults(rng, id, 2);
      const body = rng.pick([
        () => JSON.stringify({ ...envelope, hooks: [{ hookId: 5 }] }),
        () => JSON.stringify({ ...envelope, hooks: [{ requestId: 'no-hook-id' }] }),
        () => JSON.stringify({ ...envelope, hooks: [{ hookId: 'h', recipientSeq: 'one' }] }),
        () => JSON.stringify({ ...envelope, event: 'OTHER', hooks: [5] }),
      ])();
      return bizPost({ cls: 'signed: a malformed hook', body: bytes(body), expected: 200 });
    },
  ],
  [
    4,
    (rng, id) => {
      const { envelope, ids } = bizResults(rng, id, 1);
      const [head, tail] = JSON.stringify({ ...envelope, appKey: 'SPLIT' }).split('SPLIT') as [
        string,
        string,
      ];
      return bizPost({
        cls: 'signed: invalid UTF-8 in a string',
        body: concat(bytes(head), rng.pick(INVALID_UTF8), bytes(tail)),
        expected: 200,
        marks: ids,
      });
    },
  ],
  [
    2,
    (rng, id) => {
      const text = JSON.stringify(bizResults(rng, id, 1).envelope);
      const at = 1; // between '{' and the first key's quote: a structural byte
      return bizPost({
        cls: 'signed: invalid UTF-8 in the structure',
        body: concat(bytes(text.slice(0, at)), rng.pick(INVALID_UTF8), bytes(text.slice(at))),
        expected: 400,
        error: 'invalid_json',
      });
    },
  ],
  [
    4,
    (rng, id) => {
      const hooksId = `hooks-${id}`;
      const kind = rng.pick(['array', 'object'] as const);
      const depth = depthFor(rng, kind);
      const body = bytes(
        `{"hooksId":"${hooksId}","event":"OTHER","hooks":[{"hookId":"${id}.0","deep":${nested(depth, kind)}}]}`,
      );
      return bizPost({ cls: 'signed: deep nesting', body, expected: 200, marks: [`${id}.0`] });
    },
  ],
  [
    3,
    (rng, id) => {
      const { envelope, ids } = bizResults(rng, id, 1);
      const body = bytes(
        JSON.stringify({ ...envelope, productName: 'é'.repeat(rng.int(500, (LIMIT - 1000) / 2)) }),
      );
      return bizPost({ cls: 'signed: huge string within the limit', body, expected: 200, marks: ids });
    },
  ],
  [
    2,
    (rng, id) => {
      const { envelope, ids } = bizResults(rng, id, 1);
      const body = bytes(
        JSON.stringify({ ...envelope, padding: new Array(rng.int(100, (LIMIT - 1000) / 2)).fill(0) }),
      );
      return bizPost({ cls: 'signed: huge array within the limit', body, expected: 200, marks: ids });
    },
  ],
  [
    3,
    (rng, id) => {
      const { envelope } = bizResults(rng, id, 1);
      const size = LIMIT + rng.pick([1, rng.int(2, 3 * LIMIT)]);
      const text = JSON.stringify({ ...envelope, productName: '' });
      const body = bytes(
        text.replace('"productName":""', `"productName":"${'a'.repeat(size - text.length)}"`),
      );
      const signed = rng.chance(0.5);
      return bizPost({
        cls: 'over the limit',
        body,
        signature: signed ? NHN_SIGNATURE : null,
        expected: signed ? 413 : 401,
        error: signed ? 'body_too_large' : 'missing_signature',
      });
    },
  ],
  [
    5,
    (rng, id) => {
      const ids = [`${id}.0`];
      const hookText = protoJson(resultHook(rng, `${id}.0`), '_links', rng);
      const body = bytes(
        `{"${rng.pick(PROTO_KEYS)}":{"polluted":"yes"},"hooksId":"hooks-${id}","event":"MESSAGE_RESULT_UPDATE","hooks":[${hookText}]}`,
      );
      return bizPost({
        cls: 'signed: __proto__/constructor/prototype keys',
        body,
        expected: 200,
        marks: ids,
      });
    },
  ],
  [
    3,
    (rng, id) => {
      const { envelope, ids } = bizResults(rng, id);
      return bizPost({
        cls: 'wrong content type (signed)',
        body: bytes(JSON.stringify(envelope)),
        contentType: rng.chance(0.8) ? rng.pick(WRONG_CONTENT_TYPES) : null,
        expected: 200,
        marks: ids,
      });
    },
  ],
];

// ---------------------------------------------------------------------------------------------- Talk Share

interface ShareSpec {
  cls: string;
  method?: string;
  query?: string;
  body?: Uint8Array;
  contentType?: string | null;
  authorization?: string | null;
  resourceId?: string | null;
  extra?: ReadonlyArray<readonly [string, string]>;
  expected: number;
  error?: string;
  marks?: readonly string[];
  node?: { readonly expected: number; readonly marks: readonly string[] };
}

function share(spec: ShareSpec): HostileRequest {
  const headers: Array<readonly [string, string]> = [];
  const authorization = spec.authorization === undefined ? `KakaoAK ${ADMIN_KEY}` : spec.authorization;
  if (authorization !== null) headers.push(['authorization', authorization]);
  if (spec.resourceId !== undefined && spec.resourceId !== null)
    headers.push(['x-kakao-resource-id', spec.resourceId]);
  headers.push(['user-agent', 'KakaoOpenAPI/1.0']);
  if (spec.contentType !== undefined && spec.contentType !== null)
    headers.push(['content-type', spec.contentType]);
  headers.push(...(spec.extra ?? []));
  const method = spec.method ?? (spec.body === undefined ? 'GET' : 'POST');
  return {
    receiver: 'talkshare',
    cls: spec.cls,
    method,
    path: `/kakao/share${spec.query === undefined ? '' : `?${spec.query}`}`,
    headers,
    body: method === 'GET' || method === 'HEAD' ? undefined : spec.body,
    expected: spec.expected,
    ...(spec.error === undefined ? {} : { error: spec.error }),
    marks: spec.marks ?? [],
    ...(spec.node === undefined ? {} : { node: spec.node }),
  };
}

/** Kakao's parameters plus app arguments; `HASH_CHAT_ID` carries the mark. */
function shareParams(rng: Prng, id: string): Record<string, unknown> {
  return {
    CHAT_TYPE: rng.pick(['MemoChat', 'DirectChat', 'MultiChat', 'OpenMultiChat', 'FutureChat']),
    HASH_CHAT_ID: id,
    TEMPLATE_ID: rng.pick([1234, '5678', '']),
    shareId: `s-${rng.int(1, 1e6)}`,
  };
}
const query = (params: Record<string, unknown>) =>
  new URLSearchParams(Object.entries(params).map(([key, value]) => [key, String(value)])).toString();

const shareTable: readonly Weighted[] = [
  [
    8,
    (rng, id) =>
      share({
        cls: 'valid: GET',
        query: query(shareParams(rng, id)),
        resourceId: id,
        expected: 200,
        marks: [id],
      }),
  ],
  [
    8,
    (rng, id) =>
      share({
        cls: 'valid: POST JSON / form',
        ...(rng.chance(0.5)
          ? {
              body: bytes(JSON.stringify(shareParams(rng, id))),
              contentType: rng.pick(['application/json', 'text/plain', null]),
            }
          : { body: bytes(query(shareParams(rng, id))), contentType: 'application/x-www-form-urlencoded' }),
        resourceId: rng.chance(0.9) ? id : null,
        expected: 200,
        marks: [id],
      }),
  ],
  [
    5,
    (rng, id) =>
      share({
        cls: 'method not allowed',
        method: rng.pick(['PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD']),
        body: bytes(JSON.stringify(shareParams(rng, id))),
        resourceId: id,
        expected: 405,
      }),
  ],
  [
    6,
    (rng, id) =>
      share({
        cls: 'unauthenticated',
        query: query(shareParams(rng, id)),
        authorization: rng.chance(0.8) ? null : '',
        resourceId: id,
        expected: 401,
        error: 'missing_authorization',
      }),
  ],
  [
    10,
    (rng, id) => {
      const authorization = rng.pick([
        () => `KakaoAK ${ADMIN_KEY}x`,
        () => `KakaoAK ${ADMIN_KEY.slice(1)}`,
        () => `Bearer ${ADMIN_KEY}`,
        () => ADMIN_KEY,
        () => 'KakaoAK',
        () => `KakaoAK ${ADMIN_KEY} extra`,
        () => `KakaoAK ${ADMIN_KEY}, KakaoAK ${ADMIN_KEY}`,
        () => `KakaoAK ${rng.hex(rng.int(1, 64))}`,
        () => `KakaoAK ${'x'.repeat(rng.int(1, 5000))}`,
      ])();
      return share({
        cls: 'forged authorization',
        query: query(shareParams(rng, id)),
        authorization,
        resourceId: id,
        expected: 401,
        error: 'invalid_authorization',
      });
    },
  ],
  [
    3,
    (rng, id) =>
      // Duplicates are refused everywhere: Fetch joins the two values, and over node:http (whose
      // req.headers keeps only the first Authorization) the adapter reads req.headersDistinct.
      share({
        cls: 'duplicate headers: authorization',
        query: query(shareParams(rng, id)),
        extra: [['authorization', 'KakaoAK not-the-key']],
        resourceId: id,
        expected: 401,
        error: 'invalid_authorization',
      }),
  ],
  [
    6,
    (rng, id) => {
      const params = shareParams(rng, id);
      const which = rng.int(0, 4);
      if (which === 0)
        return share({
          cls: 'wrong shape',
          query: query({ ...params, CHAT_TYPE: '' }),
          resourceId: id,
          expected: 400,
          error: 'invalid_payload',
        });
      if (which === 1)
        return share({
          cls: 'wrong shape',
          query: `${query(params)}&HASH_CHAT_ID=again`,
          resourceId: id,
          expected: 400,
          error: 'repeated_parameter',
        });
      if (which === 2)
        return share({
          cls: 'wrong shape',
          body: bytes(JSON.stringify({ ...params, TEMPLATE_ID: 'abc' })),
          contentType: 'application/json',
          resourceId: id,
          expected: 400,
          error: 'invalid_payload',
        });
      if (which === 3)
        return share({
          cls: 'wrong shape',
          body: bytes(JSON.stringify([params])),
          contentType: 'application/json',
          resourceId: id,
          expected: 400,
          error: 'invalid_payload',
        });
      return share({
        cls: 'wrong shape',
        body: bytes(JSON.stringify({ ...params, HASH_CHAT_ID: 42 })),
        contentType: 'application/json',
        resourceId: id,
        expected: 400,
        error: 'invalid_payload',
      });
    },
  ],
  [
    6,
    (rng, id) => {
      const text = JSON.stringify(shareParams(rng, id));
      return share({
        cls: 'malformed JSON (application/json)',
        body: bytes(text.slice(0, rng.int(1, text.length - 1))),
        contentType: 'application/json',
        resourceId: id,
        expected: 400,
        error: 'invalid_json',
      });
    },
  ],
  [
    3,
    (rng, id) => {
      // Without a JSON content type a broken body is read as a form, which lacks Kakao's parameters.
      const text = JSON.stringify(shareParams(rng, id));
      return share({
        cls: 'malformed JSON (no content type)',
        body: bytes(text.slice(0, rng.int(1, text.length - 1))),
        contentType: rng.pick([null, 'text/plain']),
        resourceId: id,
        expected: 400,
        error: 'invalid_payload',
      });
    },
  ],
  [
    4,
    (rng, id) => {
      const [head, tail] = JSON.stringify({ ...shareParams(rng, id), note: 'SPLIT' }).split('SPLIT') as [
        string,
        string,
      ];
      return share({
        cls: 'invalid UTF-8 in a string',
        body: concat(bytes(head), rng.pick(INVALID_UTF8), bytes(tail)),
        contentType: 'application/json',
        resourceId: id,
        expected: 200,
        marks: [id],
      });
    },
  ],
  [
    4,
    (rng, id) => {
      const kind = rng.pick(['array', 'object'] as const);
      const depth = depthFor(rng, kind);
      const body = bytes(`{"CHAT_TYPE":"MemoChat","HASH_CHAT_ID":"${id}","deep":${nested(depth, kind)}}`);
      return share({
        cls: 'deep nesting',
        body,
        contentType: 'application/json',
        resourceId: id,
        expected: 200,
        marks: [id],
      });
    },
  ],
  [
    3,
    (rng, id) => {
      const body = bytes(
        JSON.stringify({
          ...shareParams(rng, id),
          big: 'é'.repeat(rng.int(500, (LIMIT - 3000) / 2)),
          list: new Array(rng.int(0, 1000)).fill(1),
        }),
      );
      return share({
        cls: 'huge string/array within the limit',
        body,
        contentType: 'application/json',
        resourceId: id,
        expected: 200,
        marks: [id],
      });
    },
  ],
  [
    3,
    (rng, id) => {
      const size = LIMIT + rng.pick([1, rng.int(2, 3 * LIMIT)]);
      const text = JSON.stringify({ ...shareParams(rng, id), big: '' });
      const body = bytes(text.replace('"big":""', `"big":"${'a'.repeat(size - text.length)}"`));
      const authorized = rng.chance(0.5);
      return share({
        cls: 'over the limit',
        body,
        contentType: 'application/json',
        authorization: authorized ? `KakaoAK ${ADMIN_KEY}` : null,
        resourceId: id,
        expected: authorized ? 413 : 401,
        error: authorized ? 'body_too_large' : 'missing_authorization',
      });
    },
  ],
  [
    5,
    (rng, id) => {
      if (rng.chance(0.5)) {
        return share({
          cls: '__proto__/constructor/prototype keys',
          query: `${query(shareParams(rng, id))}&__proto__=x&constructor=y&prototype=z`,
          resourceId: id,
          expected: 200,
          marks: [id],
        });
      }
      const body = bytes(protoJson({ ...shareParams(rng, id), nested: { a: 1 } }, 'nested', rng));
      return share({
        cls: '__proto__/constructor/prototype keys',
        body,
        contentType: 'application/json',
        resourceId: id,
        expected: 200,
        marks: [id],
      });
    },
  ],
  [
    3,
    (rng, id) =>
      share({
        cls: 'wrong content type',
        body: bytes(JSON.stringify(shareParams(rng, id))),
        contentType: rng.pick(
          WRONG_CONTENT_TYPES.filter((type) => type !== 'application/x-www-form-urlencoded'),
        ),
        resourceId: id,
        expected: 200,
        marks: [id],
      }),
  ],
];

const TABLES: Record<ReceiverName, readonly Weighted[]> = {
  momotalk: momotalkTable,
  bizmessage: bizTable,
  talkshare: shareTable,
};

/**
 * The corpus, lazily: `count` requests for `receiver`, ids `<prefix><n>`. Generated one at a time so a
 * run never holds the whole corpus (its big bodies) in memory.
 */
export function* corpus(
  receiver: ReceiverName,
  rng: Prng,
  count: number,
  prefix: string,
): Generator<HostileRequest> {
  const table = TABLES[receiver];
  for (let n = 0; n < count; n++) yield weightedPick(rng, table)(rng, `${prefix}${n}`);
}

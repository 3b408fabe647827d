// The hostile-input corpus: seeded, generated requests for the three receivers, each with the status its
// contract documents and the marks (ids) that must reach user code. What each class is, how often it comes
// and what the receiver must answer is data (test/fixtures/hostile/*.json); this file holds the makers that
// build a class's request from it. The oracle signs with node:crypto directly, never through the SDK.
import bizmessageData from '../../fixtures/hostile/bizmessage.json' with { type: 'json' };
import momotalkData from '../../fixtures/hostile/momotalk.json' with { type: 'json' };
import shared from '../../fixtures/hostile/shared.json' with { type: 'json' };
import talkshareData from '../../fixtures/hostile/talkshare.json' with { type: 'json' };
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
}

/** The body limit the corpus receivers are created with (smaller than the 1 MiB default: a quicker run). */
export const LIMIT = 64 * 1024;
export const MOMOTALK_SECRET = SECRET;
export { ADMIN_KEY, BOT_ID, NHN_SIGNATURE };

/** A class of the data files with the variant picked for this request merged over it. */
type Spec = {
  cls: string;
  expected: number;
  error?: string;
  extra?: [string, string][];
  signed?: boolean;
  [field: string]: unknown;
};
type Header = readonly [string, string];
type Make = (rng: Prng, id: string, spec: Spec) => HostileRequest;
interface ClassData {
  cls: string;
  weight: number;
  make: string;
  variants?: object[];
  [field: string]: unknown;
}

const utf8 = new TextEncoder();
const bytes = (text: string): Uint8Array => utf8.encode(text);
const json = (value: unknown): Uint8Array => bytes(JSON.stringify(value));
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
const INVALID_UTF8 = shared.invalidUtf8.map((list) => Uint8Array.from(list));

/** `{"k":{"k":…}}` or `[[…]]` nested `depth` deep. */
function nested(depth: number, kind: 'array' | 'object'): string {
  return kind === 'array'
    ? `${'['.repeat(depth)}${']'.repeat(depth)}`
    : `${'{"k":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

/** Mostly moderate depths (quick), one in ten near the most that fits the limit. */
function deep(rng: Prng): string {
  const kind = rng.pick(['array', 'object'] as const);
  const max = kind === 'array' ? 30_000 : 10_000;
  return nested(rng.chance(0.1) ? rng.int(max / 2, max) : rng.int(100, 2000), kind);
}

/** A JSON object text with a hostile prototype key at the top and one inside `inner`. */
function protoJson(base: Record<string, unknown>, inner: string, rng: Prng): string {
  const key = rng.pick(shared.protoKeys);
  const payload = rng.pick(shared.protoPayloads);
  const text = JSON.stringify(base);
  const withInner = text.replace(`"${inner}":{`, `"${inner}":{"${rng.pick(shared.protoKeys)}":${payload},`);
  return `{"${key}":${payload},${withInner.slice(1)}`;
}

/** `text` with invalid UTF-8 bytes where `at` is (a marker string, or an offset). */
function splice(text: string, at: string | number, rng: Prng): Uint8Array {
  const [head, tail] = typeof at === 'number' ? [text.slice(0, at), text.slice(at)] : text.split(at);
  return concat(bytes(head ?? ''), rng.pick(INVALID_UTF8), bytes(tail ?? ''));
}

/** `text` with its `field` string value grown so the whole text is `size` bytes (ASCII). */
function grow(text: string, field: string, size: number): Uint8Array {
  return bytes(text.replace(`"${field}":""`, `"${field}":"${'a'.repeat(size - text.length)}"`));
}

/** A size over the limit: one byte over, or up to three times it (`spread`: also up to twice, as often). */
const overLimit = (rng: Prng, spread = false) =>
  LIMIT + rng.pick(spread ? [1, rng.int(2, LIMIT), rng.int(LIMIT, 3 * LIMIT)] : [1, rng.int(2, 3 * LIMIT)]);

/** Objects merged deeply; anything else in `patch` replaces. */
function merge(base: unknown, patch: unknown): unknown {
  const isObject = (value: unknown): value is Record<string, unknown> =>
    typeof value === 'object' && value !== null && !Array.isArray(value);
  if (!isObject(base) || !isObject(patch) || Object.keys(patch).length === 0) return patch;
  const out = { ...base };
  for (const [key, value] of Object.entries(patch)) out[key] = merge(base[key], value);
  return out;
}

/** A wrong-types variant applied to a valid body: `raw` text, a deep `patch`, or a key to `omit`. */
function variantBody(base: Record<string, unknown>, spec: Spec): Uint8Array {
  if (typeof spec.raw === 'string') return bytes(spec.raw);
  if (typeof spec.omit === 'string') return json({ ...base, [spec.omit]: undefined });
  return json(merge(base, spec.patch));
}

/** Broken JSON texts made from a valid one. */
const malformed: Record<string, (text: string, rng: Prng) => string> = {
  truncated: (text, rng) => text.slice(0, rng.int(0, text.length - 1)),
  'trailing-comma': (text) => text.replace(/}$/, ',}'),
  'single-quotes': (text) => text.replaceAll('"', "'"),
  nan: (text) => text.replace('"hi"', 'NaN'),
  twice: (text) => `${text}${text}`,
  comment: (text) => `/* c */${text}`,
  'brace-then-garbage': (_text, rng) => `{${rng.text(rng.int(1, 300))}`,
  empty: () => '',
  blank: () => '   ',
};

function weightedPick(rng: Prng, table: readonly ClassData[]): ClassData {
  const total = table.reduce((sum, entry) => sum + entry.weight, 0);
  let roll = rng.next() * total;
  for (const entry of table) {
    roll -= entry.weight;
    if (roll < 0) return entry;
  }
  return table[table.length - 1] as ClassData;
}

/** A request with `defaults` headers first (a null value drops one), then the class's extra lines. */
function request(
  receiver: ReceiverName,
  path: string,
  spec: Spec,
  method: string,
  body: Uint8Array | undefined,
  headers: ReadonlyArray<readonly [string, string | null | undefined]>,
  marks: readonly string[] = [],
): HostileRequest {
  const lines = headers.filter((line): line is Header => typeof line[1] === 'string');
  return {
    receiver,
    cls: spec.cls,
    method,
    path,
    headers: [...lines, ...(spec.extra ?? [])],
    body: method === 'GET' || method === 'HEAD' ? undefined : body,
    expected: spec.expected,
    ...(spec.error === undefined ? {} : { error: spec.error }),
    marks,
  };
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

interface MoMoTalkHeaders {
  /** The signature header: the right HMAC by default, a string as given, null for none. */
  signature?: string | null;
  eventId?: string | null;
  botId?: string | null;
  contentType?: string | null;
  method?: string;
}

function momotalk(spec: Spec, body: Uint8Array, headers: MoMoTalkHeaders = {}) {
  return request('momotalk', '/momotalk/webhook', spec, headers.method ?? 'POST', body, [
    ['content-type', headers.contentType === undefined ? 'application/json' : headers.contentType],
    ['x-momotalk-bot-id', headers.botId],
    ['x-momotalk-event-id', headers.eventId],
    ['x-momotalk-bot-signature', headers.signature === undefined ? hmac(body) : headers.signature],
  ]);
}

/** A signed delivery with the usual headers that must reach user code once. */
const genuine = (spec: Spec, body: Uint8Array, id: string, headers: MoMoTalkHeaders = {}) =>
  ({ ...momotalk(spec, body, { eventId: id, botId: BOT_ID, ...headers }), marks: [id] }) as HostileRequest;

const forgedSignatures: Record<string, (body: Uint8Array, rng: Prng) => string> = {
  'random-hex': (_body, rng) => rng.hex(64),
  'another-secret': (body) => hmac(body, 'another-bots-secret'),
  'one-digit-short': (body) => hmac(body).slice(0, 63),
  'one-digit-long': (body) => `${hmac(body)}0`,
  'non-hex-tail': (body) => `${hmac(body).slice(0, 62)}zz`,
  'sha256-prefix': (body) => `sha256=${hmac(body)}`,
  'last-digit-flipped': (body) => hmac(body).replace(/.$/, (last) => (last === '0' ? '1' : '0')),
  'body-plus-space': (body) => hmac(bytes(`${new TextDecoder().decode(body)} `)),
  'long-garbage': (_body, rng) => 'x'.repeat(rng.int(1, 5000)),
};

const momotalkMakers: Record<string, Make> = {
  genuine: (rng, id, spec) => genuine(spec, json(messageEvent(rng, id, rng.text(rng.int(1, 200)))), id),
  'unknown-type': (rng, id, spec) =>
    genuine(spec, json({ event_id: id, event_type: `talk.future_${rng.int(1, 9)}`, bot_id: BOT_ID }), id),
  // Uppercase hex is well-formed hex for the same bytes: accepted (lenient; the guide sends lowercase).
  'uppercase-signature': (rng, id, spec) => {
    const body = json(messageEvent(rng, id));
    return genuine(spec, body, id, { signature: hmac(body).toUpperCase() });
  },
  'other-method': (rng, id, spec) =>
    momotalk(spec, json(messageEvent(rng, id)), { method: rng.pick(shared.otherMethods) }),
  unsigned: (rng, id, spec) =>
    momotalk(spec, json(messageEvent(rng, id)), { signature: rng.chance(0.8) ? null : '', eventId: id }),
  forged: (rng, id, spec) => {
    const body = json(messageEvent(rng, id));
    const signature = forgedSignatures[spec.signature as string]?.(body, rng) ?? '';
    return momotalk(spec, body, { signature, eventId: id });
  },
  // A genuine body with one byte changed, sent with the original signature.
  tampered: (rng, id, spec) => {
    const body = json(messageEvent(rng, id));
    const signature = hmac(body);
    const at = rng.int(0, body.length - 1);
    body[at] = ((body[at] as number) + rng.int(1, 255)) % 256;
    return momotalk(spec, body, { signature, eventId: id });
  },
  malformed: (rng, id, spec) =>
    momotalk(spec, bytes(malformed[spec.text as string]?.(JSON.stringify(messageEvent(rng, id)), rng) ?? '')),
  'random-bytes': (rng, _id, spec) => momotalk(spec, rng.bytes(rng.int(1, 2000))),
  // Invalid UTF-8 inside a string value is decoded leniently (U+FFFD): the event is still valid.
  'utf8-in-string': (rng, id, spec) =>
    genuine(spec, splice(JSON.stringify(messageEvent(rng, id, 'SPLIT')), 'SPLIT', rng), id),
  'utf8-in-structure': (rng, id, spec) =>
    momotalk(spec, splice(JSON.stringify(messageEvent(rng, id)), rng.int(1, 10), rng)),
  // Deep nesting in an extra field: kept as data (loose schema), no recursion limit hit.
  'deep-extra': (rng, id, spec) =>
    genuine(
      spec,
      bytes(`{"event_id":"${id}","event_type":"talk.message_created.v2","extra":${deep(rng)}}`),
      id,
    ),
  'deep-typed': (rng, id, spec) => {
    const text = JSON.stringify(messageEvent(rng, id, 'NEST'));
    return momotalk(spec, bytes(text.replace('"NEST"', nested(rng.int(100, 20_000), 'array'))));
  },
  'huge-string': (rng, id, spec) => {
    const size = rng.int(1000, LIMIT - 400);
    return genuine(spec, json(messageEvent(rng, id, 'é'.repeat(Math.floor(size / 2)))), id);
  },
  'huge-array': (rng, id, spec) => {
    const count = rng.int(100, Math.floor((LIMIT - 400) / 2));
    return genuine(spec, json({ ...messageEvent(rng, id), extra: new Array(count).fill(0) }), id);
  },
  'at-limit': (rng, id, spec) =>
    genuine(spec, grow(JSON.stringify(messageEvent(rng, id, '')), 'body', LIMIT), id),
  'over-limit': (rng, id, spec) => {
    const body = grow(JSON.stringify(messageEvent(rng, id, '')), 'body', overLimit(rng, true));
    return momotalk(spec, body, spec.signed ? {} : { signature: null });
  },
  'proto-keys': (rng, id, spec) => genuine(spec, bytes(protoJson(messageEvent(rng, id), 'message', rng)), id),
  // The event type only on a `__proto__` member: JSON.parse makes it an own key, so there is no type.
  'type-under-proto': (_rng, id, spec) =>
    momotalk(spec, bytes(`{"__proto__":{"event_type":"talk.message_created"},"event_id":"${id}"}`)),
  'wrong-types': (rng, id, spec) => momotalk(spec, variantBody(messageEvent(rng, id), spec)),
  'duplicate-header': (rng, id, spec) => {
    const body = json(messageEvent(rng, id));
    const header = spec.header as string;
    const again = { 'x-momotalk-bot-signature': hmac(body), 'x-momotalk-event-id': id }[header] ?? BOT_ID;
    const ids = header === 'x-momotalk-bot-id' ? { botId: BOT_ID } : { eventId: id };
    return momotalk({ ...spec, extra: [[header, again]] }, body, ids);
  },
  'missing-headers': (rng, id, spec) =>
    genuine(spec, json(messageEvent(rng, id)), id, {
      eventId: rng.chance(0.5) ? id : null,
      botId: rng.chance(0.5) ? BOT_ID : null,
      contentType: rng.chance(0.5) ? 'application/json' : null,
    }),
  mismatch: (rng, id, spec) => {
    const event = messageEvent(rng, id);
    const body = json(typeof spec.botIdBody === 'string' ? { ...event, bot_id: spec.botIdBody } : event);
    if (spec.eventIdHeader) return momotalk(spec, body, { eventId: `${id}_${spec.eventIdHeader}` });
    return momotalk(spec, body, typeof spec.botIdHeader === 'string' ? { botId: spec.botIdHeader } : {});
  },
  'wrong-content-type': (rng, id, spec) => {
    const body = json(messageEvent(rng, id));
    const contentType = rng.pick(shared.wrongContentTypes);
    return spec.signed === false
      ? momotalk(spec, body, { contentType, signature: null })
      : genuine(spec, body, id, { contentType });
  },
};

// ---------------------------------------------------------------------------------------------- Bizmessage

function bizmessage(
  spec: Spec,
  body: Uint8Array,
  headers: MoMoTalkHeaders = {},
  marks: readonly string[] = [],
) {
  return request(
    'bizmessage',
    '/hooks/nhn',
    spec,
    headers.method ?? 'POST',
    body,
    [
      [
        'content-type',
        headers.contentType === undefined ? 'application/json;charset=UTF-8' : headers.contentType,
      ],
      ['x-toast-webhook-signature', headers.signature === undefined ? NHN_SIGNATURE : headers.signature],
    ],
    marks,
  );
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
  const hooks = ids.map((hookId) => resultHook(rng, hookId));
  return { envelope: { hooksId: `hooks-${id}`, appKey: 'app', event: 'MESSAGE_RESULT_UPDATE', hooks }, ids };
}

const forgedNhn: Record<string, (rng: Prng) => string> = {
  appended: () => `${NHN_SIGNATURE}x`,
  'one-short': () => NHN_SIGNATURE.slice(0, -1),
  uppercase: () => NHN_SIGNATURE.toUpperCase(),
  'random-hex': (rng) => rng.hex(rng.int(1, 100)),
  twice: () => `${NHN_SIGNATURE}, ${NHN_SIGNATURE}`,
  'long-garbage': (rng) => 'x'.repeat(rng.int(1, 5000)),
};

const bizmessageMakers: Record<string, Make> = {
  results: (rng, id, spec) => {
    const { envelope, ids } = bizResults(rng, id);
    return bizmessage(spec, json(envelope), {}, ids);
  },
  // Another NHN event: acknowledged and handed to onUnknown, keyed by hookId or hooksId#index.
  'unknown-event': (rng, id, spec) => {
    const hooks = Array.from({ length: rng.int(1, 4) }, (_, index) =>
      rng.chance(0.5) ? { hookId: `${id}.${index}`, x: 1 } : { x: index },
    );
    const hooksId = `hooks-${id}`;
    const marks = hooks.map((hook, index) =>
      'hookId' in hook ? String(hook.hookId) : `${hooksId}#${index}`,
    );
    return bizmessage(spec, json({ hooksId, event: `OTHER_${rng.int(1, 9)}`, hooks }), {}, marks);
  },
  'other-method': (rng, id, spec) =>
    bizmessage(spec, json(bizResults(rng, id).envelope), { method: rng.pick(shared.otherMethods) }),
  unsigned: (rng, id, spec) =>
    bizmessage(spec, json(bizResults(rng, id).envelope), { signature: rng.chance(0.8) ? null : '' }),
  forged: (rng, id, spec) =>
    bizmessage(spec, json(bizResults(rng, id).envelope), {
      signature: forgedNhn[spec.signature as string]?.(rng) ?? '',
    }),
  'duplicate-signature': (rng, id, spec) =>
    bizmessage(
      { ...spec, extra: [['x-toast-webhook-signature', NHN_SIGNATURE]] },
      json(bizResults(rng, id).envelope),
    ),
  malformed: (rng, id, spec) =>
    bizmessage(
      spec,
      bytes(malformed[spec.text as string]?.(JSON.stringify(bizResults(rng, id, 2).envelope), rng) ?? ''),
    ),
  'wrong-types': (rng, id, spec) => bizmessage(spec, variantBody(bizResults(rng, id, 2).envelope, spec)),
  'utf8-in-string': (rng, id, spec) => {
    const { envelope, ids } = bizResults(rng, id, 1);
    return bizmessage(spec, splice(JSON.stringify({ ...envelope, appKey: 'SPLIT' }), 'SPLIT', rng), {}, ids);
  },
  // Offset 1, between '{' and the first key's quote: a structural byte.
  'utf8-in-structure': (rng, id, spec) =>
    bizmessage(spec, splice(JSON.stringify(bizResults(rng, id, 1).envelope), 1, rng)),
  deep: (rng, id, spec) => {
    const hook = `{"hookId":"${id}.0","deep":${deep(rng)}}`;
    return bizmessage(spec, bytes(`{"hooksId":"hooks-${id}","event":"OTHER","hooks":[${hook}]}`), {}, [
      `${id}.0`,
    ]);
  },
  'huge-string': (rng, id, spec) => {
    const { envelope, ids } = bizResults(rng, id, 1);
    const productName = 'é'.repeat(rng.int(500, (LIMIT - 1000) / 2));
    return bizmessage(spec, json({ ...envelope, productName }), {}, ids);
  },
  'huge-array': (rng, id, spec) => {
    const { envelope, ids } = bizResults(rng, id, 1);
    const padding = new Array(rng.int(100, (LIMIT - 1000) / 2)).fill(0);
    return bizmessage(spec, json({ ...envelope, padding }), {}, ids);
  },
  'over-limit': (rng, id, spec) => {
    const { envelope } = bizResults(rng, id, 1);
    const size = overLimit(rng);
    const body = grow(JSON.stringify({ ...envelope, productName: '' }), 'productName', size);
    return bizmessage(spec, body, spec.signed ? {} : { signature: null });
  },
  'proto-keys': (rng, id, spec) => {
    const hook = protoJson(resultHook(rng, `${id}.0`), '_links', rng);
    const top = `{"${rng.pick(shared.protoKeys)}":{"polluted":"yes"},"hooksId":"hooks-${id}"`;
    return bizmessage(spec, bytes(`${top},"event":"MESSAGE_RESULT_UPDATE","hooks":[${hook}]}`), {}, [
      `${id}.0`,
    ]);
  },
  'wrong-content-type': (rng, id, spec) => {
    const { envelope, ids } = bizResults(rng, id);
    const contentType = rng.chance(0.8) ? rng.pick(shared.wrongContentTypes) : null;
    return bizmessage(spec, json(envelope), { contentType }, ids);
  },
};

// ---------------------------------------------------------------------------------------------- Talk Share

interface ShareRequest {
  method?: string;
  query?: string;
  body?: Uint8Array;
  contentType?: string | null;
  authorization?: string | null;
  resourceId?: string | null;
}

function talkshare(spec: Spec, id: string, options: ShareRequest, marks: readonly string[] = []) {
  const method = options.method ?? (options.body === undefined ? 'GET' : 'POST');
  const path = `/kakao/share${options.query === undefined ? '' : `?${options.query}`}`;
  return request(
    'talkshare',
    path,
    spec,
    method,
    options.body,
    [
      ['authorization', options.authorization === undefined ? `KakaoAK ${ADMIN_KEY}` : options.authorization],
      ['x-kakao-resource-id', options.resourceId === undefined ? id : options.resourceId],
      ['user-agent', 'KakaoOpenAPI/1.0'],
      ['content-type', options.contentType],
    ],
    marks,
  );
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

/** An Authorization value of the data file: {key}, {key-1} (first character dropped), {hex}, {garbage}. */
const authorization = (template: string, rng: Prng) =>
  template
    .replaceAll('{key}', ADMIN_KEY)
    .replace('{key-1}', ADMIN_KEY.slice(1))
    .replace('{hex}', () => rng.hex(rng.int(1, 64)))
    .replace('{garbage}', () => 'x'.repeat(rng.int(1, 5000)));

const talkshareMakers: Record<string, Make> = {
  query: (rng, id, spec) => {
    const auth =
      typeof spec.authorization === 'string' ? { authorization: authorization(spec.authorization, rng) } : {};
    return talkshare(
      spec,
      id,
      { query: query(shareParams(rng, id)), ...auth },
      spec.expected === 200 ? [id] : [],
    );
  },
  post: (rng, id, spec) => {
    const body = rng.chance(0.5)
      ? { body: json(shareParams(rng, id)), contentType: rng.pick(['application/json', 'text/plain', null]) }
      : { body: bytes(query(shareParams(rng, id))), contentType: 'application/x-www-form-urlencoded' };
    return talkshare(spec, id, { ...body, resourceId: rng.chance(0.9) ? id : null }, [id]);
  },
  'other-method': (rng, id, spec) =>
    talkshare(spec, id, { method: rng.pick(spec.methods as string[]), body: json(shareParams(rng, id)) }),
  unauthenticated: (rng, id, spec) =>
    talkshare(spec, id, { query: query(shareParams(rng, id)), authorization: rng.chance(0.8) ? null : '' }),
  'wrong-shape': (rng, id, spec) => {
    const params = shareParams(rng, id);
    if (spec.query)
      return talkshare(spec, id, { query: `${query({ ...params, ...spec.query })}${spec.append ?? ''}` });
    const body = spec.json === 'as-array' ? [params] : { ...params, ...(spec.json as object) };
    return talkshare(spec, id, { body: json(body), contentType: 'application/json' });
  },
  'truncated-json': (rng, id, spec) => {
    const text = JSON.stringify(shareParams(rng, id));
    const contentType = rng.pick(spec.contentTypes as (string | null)[]);
    return talkshare(spec, id, { body: bytes(text.slice(0, rng.int(1, text.length - 1))), contentType });
  },
  'utf8-in-string': (rng, id, spec) => {
    const body = splice(JSON.stringify({ ...shareParams(rng, id), note: 'SPLIT' }), 'SPLIT', rng);
    return talkshare(spec, id, { body, contentType: 'application/json' }, [id]);
  },
  deep: (rng, id, spec) => {
    const body = bytes(`{"CHAT_TYPE":"MemoChat","HASH_CHAT_ID":"${id}","deep":${deep(rng)}}`);
    return talkshare(spec, id, { body, contentType: 'application/json' }, [id]);
  },
  huge: (rng, id, spec) => {
    const big = 'é'.repeat(rng.int(500, (LIMIT - 3000) / 2));
    const body = json({ ...shareParams(rng, id), big, list: new Array(rng.int(0, 1000)).fill(1) });
    return talkshare(spec, id, { body, contentType: 'application/json' }, [id]);
  },
  'over-limit': (rng, id, spec) => {
    const size = overLimit(rng);
    const body = grow(JSON.stringify({ ...shareParams(rng, id), big: '' }), 'big', size);
    return talkshare(spec, id, {
      body,
      contentType: 'application/json',
      ...(spec.signed ? {} : { authorization: null }),
    });
  },
  'proto-keys': (rng, id, spec) => {
    if (spec.in === 'query') {
      return talkshare(
        spec,
        id,
        { query: `${query(shareParams(rng, id))}&__proto__=x&constructor=y&prototype=z` },
        [id],
      );
    }
    const body = bytes(protoJson({ ...shareParams(rng, id), nested: { a: 1 } }, 'nested', rng));
    return talkshare(spec, id, { body, contentType: 'application/json' }, [id]);
  },
  'wrong-content-type': (rng, id, spec) => {
    const contentType = rng.pick(
      shared.wrongContentTypes.filter((type) => type !== 'application/x-www-form-urlencoded'),
    );
    return talkshare(spec, id, { body: json(shareParams(rng, id)), contentType }, [id]);
  },
};

const RECEIVERS: Record<ReceiverName, { classes: ClassData[]; makers: Record<string, Make> }> = {
  momotalk: { classes: momotalkData.classes as ClassData[], makers: momotalkMakers },
  bizmessage: { classes: bizmessageData.classes as ClassData[], makers: bizmessageMakers },
  talkshare: { classes: talkshareData.classes as ClassData[], makers: talkshareMakers },
};

/** Every class of the data files, by receiver (what the hostile-input test must see answered). */
export function corpusClasses(receiver: ReceiverName): string[] {
  return RECEIVERS[receiver].classes.flatMap((entry) =>
    (entry.variants ?? [{}]).map((variant) => String((variant as { cls?: string }).cls ?? entry.cls)),
  );
}

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
  const { classes, makers } = RECEIVERS[receiver];
  for (let n = 0; n < count; n++) {
    const entry = weightedPick(rng, classes);
    const { variants, weight: _weight, make, ...base } = entry;
    const variant = variants ? rng.pick(variants) : {};
    const maker = makers[make];
    if (!maker)
      throw new Error(`test/fixtures/hostile/${receiver}.json: no maker "${make}" for ${entry.cls}`);
    yield maker(rng, `${prefix}${n}`, { ...base, ...variant } as Spec);
  }
}

import { describe, expect, it } from 'vitest';
import { parseBizmessageWebhook } from '../../src/kakao/bizmessage/parse-bizmessage-webhook.js';
import { parseTalkShareParams } from '../../src/kakao/talk-share/parse-talk-share-params.js';
import { readTalkShareParams } from '../../src/kakao/talk-share/read-talk-share-request.js';
import { parseWebhookEvent } from '../../src/momotalk/events/parse-webhook-event.js';

// A nested `__proto__` key is an own property after JSON.parse; copying the object with Object.assign (or a
// deep merge) then sets the copy's prototype to attacker data. Every parser drops the key, at any depth.
const poison = '{"polluted":"yes"}';
const spellings = [
  ['literally', '"__proto__"'],
  ['with \\u escapes', '"\\u005f\\u005fproto\\u005f\\u005f"'],
  ['with one escaped letter', '"__pro\\u0074o__"'],
] as const;

/** True when copying `value` (and every object in it) with Object.assign inherits attacker data. */
function inheritsPoison(value: unknown): boolean {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const item = pending.pop();
    if (typeof item !== 'object' || item === null) continue;
    const copy = Object.assign({}, item) as Record<string, unknown>;
    if (copy.polluted !== undefined || Object.hasOwn(item, '__proto__')) return true;
    pending.push(...Object.values(item));
  }
  return false;
}

const message = (extra: string) =>
  `{"room_id":1,"message_id":2,"sender_user_id":"u","body":"hi","message_type":"TEXT","created_at":1${extra}}`;
const event = (messageExtra: string, topExtra = '') =>
  `{"event_id":"evt_1","event_type":"talk.message_created","bot_id":"bot_1","timestamp":1,"message":${message(messageExtra)}${topExtra}}`;

describe.each(spellings)('nested __proto__ keys (%s) never reach user code', (_label, key) => {
  it('MoMoTalk: in the message of a valid talk.message_created (the fast path)', () => {
    const parsed = parseWebhookEvent(event(`,${key}:${poison}`));
    expect(parsed.event_type).toBe('talk.message_created');
    expect(inheritsPoison(parsed)).toBe(false);
  });

  it('MoMoTalk: deep inside an extra field and at the top level', () => {
    const parsed = parseWebhookEvent(event(`,"extra":[{"a":{${key}:${poison}}}]`, `,${key}:${poison}`));
    expect(inheritsPoison(parsed)).toBe(false);
    expect(JSON.stringify(parsed)).not.toContain('polluted');
  });

  it('MoMoTalk: in an event of an unknown type', () => {
    const parsed = parseWebhookEvent(`{"event_type":"talk.new","data":{"x":{${key}:${poison}}}}`);
    expect(inheritsPoison(parsed)).toBe(false);
    expect(parsed).toEqual({ event_type: 'talk.new', data: { x: {} } });
  });

  it('Bizmessage: in the envelope, a hook, and a hook of an unknown event', () => {
    const hook = `{"hookId":"h-1","resultCode":"1000","_links":{"self":{${key}:${poison}}},${key}:${poison}}`;
    for (const event of ['MESSAGE_RESULT_UPDATE', 'SOMETHING_ELSE']) {
      const webhook = parseBizmessageWebhook(
        `{"hooksId":"hs-1","event":"${event}",${key}:${poison},"hooks":[${hook}]}`,
      );
      expect(webhook.hooks).toHaveLength(1);
      expect(inheritsPoison(webhook.envelope)).toBe(false);
      expect(inheritsPoison(webhook.hooks[0]?.hook)).toBe(false);
    }
  });

  it('Talk Share: custom arguments in a JSON body', () => {
    const body = `{"CHAT_TYPE":"MemoChat","HASH_CHAT_ID":"h","shareId":"s",${key}:${poison},"nested":{${key}:${poison}}}`;
    const params = readTalkShareParams('POST', '/', 'application/json', new TextEncoder().encode(body));
    const share = parseTalkShareParams(params);
    expect(share.serverCallbackArgs).toEqual({ shareId: 's', nested: {} });
    expect(inheritsPoison(share.serverCallbackArgs)).toBe(false);
  });
});

describe('__proto__ in Talk Share forms and query strings', () => {
  it.each([
    ['a form body', 'POST', 'application/x-www-form-urlencoded'],
    ['a query string', 'GET', undefined],
  ])('%s', (_label, method, contentType) => {
    const form = 'CHAT_TYPE=MemoChat&HASH_CHAT_ID=h&shareId=s&__proto__=x';
    const url = method === 'GET' ? `/share?${form}` : '/share';
    const params = readTalkShareParams(method, url, contentType, new TextEncoder().encode(form));
    const share = parseTalkShareParams(params);
    expect(share.serverCallbackArgs).toEqual({ shareId: 's' });
    expect(Object.hasOwn(share.serverCallbackArgs, '__proto__')).toBe(false);
  });

  it('constructor and prototype keys are kept: copying them sets a plain property', () => {
    const share = parseTalkShareParams(
      JSON.parse('{"CHAT_TYPE":"MemoChat","HASH_CHAT_ID":"h","constructor":"c","prototype":"p"}'),
    );
    expect(share.serverCallbackArgs).toEqual({ constructor: 'c', prototype: 'p' });
    const copy = Object.assign({}, share.serverCallbackArgs);
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
  });
});

describe('deep nesting', () => {
  it('a deeply nested body with a __proto__ key at the bottom does not overflow the stack', () => {
    const depth = 100_000;
    const text = `{"event_type":"talk.new","deep":${'['.repeat(depth)}{"__proto__":${poison}}${']'.repeat(depth)}}`;
    const parsed = parseWebhookEvent(text) as unknown as { deep: unknown };
    let node: unknown = parsed.deep;
    while (Array.isArray(node)) node = node[0];
    expect(node).toEqual({});
  });
});

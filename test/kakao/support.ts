import { readFileSync } from 'node:fs';
import { ADMIN_KEY, NHN_SIGNATURE } from '../support/index.js';

/** A fixture file under test/fixtures/kakao, as text. */
export function fixture(name: string): string {
  return readFileSync(new URL(`../fixtures/kakao/${name}`, import.meta.url), 'utf8');
}

export { ADMIN_KEY, NHN_SIGNATURE };

/** A POST to the Bizmessage receiver with the configured signature unless `headers` overrides it. */
export function bizmessageRequest(body: string, headers: Record<string, string> = {}): Request {
  return new Request('https://bot.example/hooks/nhn', {
    method: 'POST',
    headers: {
      'content-type': 'application/json;charset=UTF-8',
      'x-toast-webhook-signature': NHN_SIGNATURE,
      ...headers,
    },
    body,
  });
}

/** A Talk Share delivery with Kakao's three headers unless `headers` overrides them. */
export function talkShareRequest(
  init: { method?: string; query?: string; body?: string; contentType?: string },
  headers: Record<string, string> = {},
): Request {
  const base: Record<string, string> = {
    authorization: `KakaoAK ${ADMIN_KEY}`,
    'x-kakao-resource-id': 'Rvy1c2dkzBAZ5hGD3rqYbxvr',
    'user-agent': 'KakaoOpenAPI/1.0',
  };
  if (init.contentType !== undefined) base['content-type'] = init.contentType;
  const url = `https://bot.example/kakao/share${init.query === undefined ? '' : `?${init.query}`}`;
  const method = init.method ?? (init.body === undefined ? 'GET' : 'POST');
  const request = new Request(url, { method, headers: { ...base, ...headers }, body: init.body ?? null });
  return request;
}

/** A JSON envelope around `hooks`. */
export function envelope(
  event: string | undefined,
  hooks: unknown,
  extra: Record<string, unknown> = {},
): string {
  return JSON.stringify({ hooksId: 'hooks-1', appKey: 'app', event, hooks, ...extra });
}

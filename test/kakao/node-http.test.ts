import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { toNodeListener } from '../../src/adapters/node-http.js';
import { createBizmessageReceiver, createTalkShareReceiver } from '../../src/kakao/index.js';
import { ADMIN_KEY, fixture, NHN_SIGNATURE } from './support.js';

const servers: Server[] = [];

async function serve(listener: Parameters<typeof createServer>[1]): Promise<string> {
  const server = createServer(listener);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

describe('Kakao receivers over real node:http (toNodeListener)', () => {
  it('Bizmessage: 200 for the KAKAO.md delivery, 401 for a wrong signature, 413 for an oversized body', async () => {
    const handler = vi.fn();
    const receiver = createBizmessageReceiver({ signature: NHN_SIGNATURE, maxBodyBytes: 4096 }).on(
      'MESSAGE_RESULT_UPDATE',
      handler,
    );
    const url = `${await serve(toNodeListener(receiver))}/hooks/nhn`;
    const post = (body: string, signature = NHN_SIGNATURE) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json;charset=UTF-8', 'x-toast-webhook-signature': signature },
        body,
      });
    expect((await post(fixture('bizmessage-kakao-md.json'))).status).toBe(200);
    expect((await post(fixture('bizmessage-kakao-md.json'), 'wrong')).status).toBe(401);
    expect((await post(`{"pad":"${'x'.repeat(8192)}"}`)).status).toBe(413);
    expect(handler).toHaveBeenCalledOnce();
  });

  it('Talk Share: GET and POST, acknowledged first', async () => {
    const onShare = vi.fn();
    const receiver = createTalkShareReceiver({ adminKey: ADMIN_KEY }).onShare(onShare);
    const base = `${await serve(toNodeListener(receiver))}/kakao/share`;
    const headers = { authorization: `KakaoAK ${ADMIN_KEY}`, 'user-agent': 'KakaoOpenAPI/1.0' };
    const get = await fetch(`${base}?${fixture('talk-share-seed-get-query.txt')}`, {
      headers: { ...headers, 'x-kakao-resource-id': 'r-get' },
    });
    const post = await fetch(base, {
      method: 'POST',
      headers: { ...headers, 'x-kakao-resource-id': 'r-post', 'content-type': 'application/json' },
      body: fixture('talk-share-seed-post-body.txt'),
    });
    const repeated = await fetch(`${base}?CHAT_TYPE=MemoChat&CHAT_TYPE=MultiChat&HASH_CHAT_ID=h`, {
      headers: { ...headers, 'x-kakao-resource-id': 'r-bad' },
    });
    expect([get.status, post.status, repeated.status]).toEqual([200, 200, 400]);
    await receiver.drain();
    expect(onShare.mock.calls.map(([, ctx]) => ctx.resourceId)).toEqual(['r-get', 'r-post']);
  });
});

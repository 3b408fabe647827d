import { describe, expect, it } from 'vitest';
import { createMemoryInbox } from '../../src/inbox/index.js';
import type { InboxEntry, InboxWriter } from '../../src/index.js';
import { createBizmessageReceiver } from '../../src/kakao/bizmessage/bizmessage-receiver.js';
import { createTalkShareReceiver } from '../../src/kakao/talk-share/talk-share-receiver.js';
import { ADMIN_KEY, bizmessageRequest, envelope, NHN_SIGNATURE, talkShareRequest } from '../kakao/support.js';

describe('the Kakao receivers with an inbox', () => {
  it('Bizmessage: each hook is enqueued in its delivery lane, in order, and a worker gets it back', async () => {
    const entries: InboxEntry[] = [];
    const inbox: InboxWriter = { enqueue: async (entry) => void entries.push(entry) };
    let ran = 0;
    const receiver = createBizmessageReceiver({ signature: NHN_SIGNATURE, inbox }).onUnknown(() => {
      ran++;
    });
    const hooks = [
      { hookId: 'h-1', kind: 'X' },
      { hookId: 'h-2', kind: 'X' },
    ];
    const response = await receiver(bizmessageRequest(envelope('SOME_EVENT', hooks)));
    expect(response.status).toBe(200);
    expect(ran).toBe(0);
    expect(entries.map((entry) => [entry.id, entry.lane])).toEqual([
      ['nhn-bizmessage:hook:h-1', 'nhn-bizmessage:hooks-1'],
      ['nhn-bizmessage:hook:h-2', 'nhn-bizmessage:hooks-1'],
    ]);
    expect(entries[0]?.payload).toMatchObject({ key: 'h-1', index: 0, hook: hooks[0] });
  });

  it('Talk Share: answers 200 after the enqueue, 503 when it fails (the never-retried share is not silently dropped)', async () => {
    const inbox = createMemoryInbox();
    const receiver = createTalkShareReceiver({ adminKey: ADMIN_KEY, inbox });
    const ok = await receiver(
      talkShareRequest({ query: 'CHAT_TYPE=MultiChat&HASH_CHAT_ID=9f2c1e&TEMPLATE_ID=12345' }),
    );
    expect(ok.status).toBe(200);
    const shares: unknown[] = [];
    const worker = inbox.worker({ process: (job) => void shares.push(job.payload) });
    await inbox.idle();
    await worker.close();
    expect(shares).toEqual([
      expect.objectContaining({
        resourceId: 'Rvy1c2dkzBAZ5hGD3rqYbxvr',
        share: expect.objectContaining({ CHAT_TYPE: 'MultiChat' }),
      }),
    ]);
    const failing = createTalkShareReceiver({
      adminKey: ADMIN_KEY,
      inbox: { enqueue: () => Promise.reject(new Error('down')) },
      onError: () => {},
    });
    const refused = await failing(
      talkShareRequest(
        { query: 'CHAT_TYPE=MultiChat&HASH_CHAT_ID=9f2c1e&TEMPLATE_ID=1' },
        { 'x-kakao-resource-id': 'r2' },
      ),
    );
    expect(refused.status).toBe(503);
  });
});

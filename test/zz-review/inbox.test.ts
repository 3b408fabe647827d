import { describe, expect, it } from 'vitest';
import { MoMoTalkRateLimitError } from '../../src/errors/api-error.js';
import { createMemoryInbox } from '../../src/inbox/index.js';

const within = (p: Promise<unknown>, ms = 300) =>
  Promise.race([p.then(() => 'done', (e: unknown) => e), new Promise((r) => setTimeout(() => r('hung'), ms))]);
const entry = (id: string, lane = 'L') => ({ id, lane, payload: { n: id } });

describe('memory inbox close', () => {
  it('rate-limited head, then close, then a new worker', async () => {
    const inbox = createMemoryInbox();
    const ran: string[] = [];
    let first = true;
    let limited!: () => void;
    const hit = new Promise<void>((r) => { limited = r; });
    const process = async (job: { id: string }) => {
      if (first) {
        first = false;
        throw new MoMoTalkRateLimitError({ status: 429, method: 'POST', path: '/x', body: undefined, headers: new Headers(), requestId: undefined, retryAfter: 30 });
      }
      ran.push(job.id);
    };
    const w1 = inbox.worker({ process, onError: (_e, info) => { if (info.phase === 'rate-limit') limited(); } } as never);
    await inbox.enqueue(entry('a'));
    await hit;
    await new Promise((r) => setTimeout(r, 10));
    await w1.close();
    const w2 = inbox.worker({ process, onError: () => undefined } as never);
    console.log('idle with w2:', await within(inbox.idle()), 'ran:', ran);
    await inbox.enqueue(entry('b'));
    console.log('after b enqueued:', await within(inbox.idle()), 'ran:', ran);
    await w2.close();
  });
  it('retry backoff, then close: idle()', async () => {
    const inbox = createMemoryInbox();
    let failed!: () => void;
    const f = new Promise<void>((r) => { failed = r; });
    const w1 = inbox.worker({ process: async () => { throw new Error('x'); }, backoffMs: 10_000, onError: () => failed() } as never);
    await inbox.enqueue(entry('a'));
    await f;
    await new Promise((r) => setTimeout(r, 10));
    await w1.close();
    console.log('idle after close (retry pending):', await within(inbox.idle()));
  });
});

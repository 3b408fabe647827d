import { expect, it } from 'vitest';
import type { IdempotencyStore } from '../../src/idempotency/idempotency-store.js';

/** A store under test plus a way to let time pass for it (a fake clock, or real sleeping for Redis). */
export interface StoreUnderTest {
  readonly store: IdempotencyStore;
  advance(ms: number): Promise<void>;
}

let counter = 0;
const freshKey = () => `test:${process.pid}:${Date.now()}:${++counter}`;
const CLAIM = { claimTtlMs: 60_000 };
const DONE = { ttlMs: 60_000 };

/** The behaviour every IdempotencyStore must have; registered inside the caller's describe(). */
export function storeContract(make: () => StoreUnderTest): void {
  it('grants one claim; a second claim sees in_progress', async () => {
    const { store } = make();
    const key = freshKey();
    const first = await store.claim(key, CLAIM);
    expect(first.status).toBe('claimed');
    expect(await store.claim(key, CLAIM)).toEqual({ status: 'in_progress' });
  });

  it('remembers a completed key as done', async () => {
    const { store } = make();
    const key = freshKey();
    const claim = await store.claim(key, CLAIM);
    if (claim.status !== 'claimed') throw new Error('expected a claim');
    await store.complete(key, claim.token, DONE);
    expect(await store.claim(key, CLAIM)).toEqual({ status: 'done' });
  });

  it('lets a released key be claimed again', async () => {
    const { store } = make();
    const key = freshKey();
    const claim = await store.claim(key, CLAIM);
    if (claim.status !== 'claimed') throw new Error('expected a claim');
    await store.release(key, claim.token);
    expect((await store.claim(key, CLAIM)).status).toBe('claimed');
  });

  it('ignores complete and release with a token that does not own the key', async () => {
    const { store } = make();
    const key = freshKey();
    expect((await store.claim(key, CLAIM)).status).toBe('claimed');
    await store.release(key, 'not-the-token');
    expect(await store.claim(key, CLAIM)).toEqual({ status: 'in_progress' });
    await store.complete(key, 'not-the-token', DONE);
    expect(await store.claim(key, CLAIM)).toEqual({ status: 'in_progress' });
  });

  it('expires a claim that is never completed (a crashed worker), and the stale owner cannot complete it', async () => {
    const { store, advance } = make();
    const key = freshKey();
    const stale = await store.claim(key, { claimTtlMs: 50 });
    if (stale.status !== 'claimed') throw new Error('expected a claim');
    await advance(150);
    const fresh = await store.claim(key, CLAIM);
    expect(fresh.status).toBe('claimed');
    await store.complete(key, stale.token, DONE);
    await store.release(key, stale.token);
    expect(await store.claim(key, CLAIM)).toEqual({ status: 'in_progress' });
  });

  it('forgets a done key after its ttl', async () => {
    const { store, advance } = make();
    const key = freshKey();
    const claim = await store.claim(key, CLAIM);
    if (claim.status !== 'claimed') throw new Error('expected a claim');
    await store.complete(key, claim.token, { ttlMs: 50 });
    await advance(150);
    expect((await store.claim(key, CLAIM)).status).toBe('claimed');
  });

  it('grants exactly one of many concurrent claims', async () => {
    const { store } = make();
    const key = freshKey();
    const results = await Promise.all(Array.from({ length: 25 }, () => store.claim(key, CLAIM)));
    expect(results.filter((result) => result.status === 'claimed')).toHaveLength(1);
    expect(results.filter((result) => result.status === 'in_progress')).toHaveLength(24);
  });
}

import { describe, expect, it } from 'vitest';
import { MemoryIdempotencyStore } from '../../src/idempotency/memory-store.js';
import { storeContract } from './store-contract.js';

function withClock(maxEntries?: number) {
  let now = 1_000_000;
  const store = new MemoryIdempotencyStore({ now: () => now, ...(maxEntries ? { maxEntries } : {}) });
  return {
    store,
    advance: async (ms: number) => {
      now += ms;
    },
  };
}

describe('MemoryIdempotencyStore', () => {
  storeContract(() => withClock());

  it('remembers the maxEntries most recently processed keys, and never drops a claim in progress', async () => {
    const { store } = withClock(100);
    const slow = await store.claim('slow', { claimTtlMs: 60_000 });
    expect(slow.status).toBe('claimed');
    for (let index = 0; index < 5_000; index++) {
      const claim = await store.claim(`k${index}`, { claimTtlMs: 60_000 });
      if (claim.status !== 'claimed') throw new Error('expected a claim');
      await store.complete(`k${index}`, claim.token, { ttlMs: 86_400_000 });
      expect(store.size).toBeLessThanOrEqual(101);
    }
    // The slow handler's redelivery is still refused (409), not run beside it.
    expect(await store.claim('slow', { claimTtlMs: 60_000 })).toEqual({ status: 'in_progress' });
    for (let index = 4_900; index < 5_000; index++) {
      expect(await store.claim(`k${index}`, { claimTtlMs: 60_000 })).toEqual({ status: 'done' });
    }
    expect((await store.claim('k4899', { claimTtlMs: 60_000 })).status).toBe('claimed');
  });

  it('forgets a processed key once its ttlMs has passed', async () => {
    const { store, advance } = withClock(100);
    const claim = await store.claim('k', { claimTtlMs: 1000 });
    if (claim.status !== 'claimed') throw new Error('expected a claim');
    await store.complete('k', claim.token, { ttlMs: 5000 });
    await advance(4999);
    expect((await store.claim('k', { claimTtlMs: 1000 })).status).toBe('done');
    await advance(1);
    expect((await store.claim('k', { claimTtlMs: 1000 })).status).toBe('claimed');
  });

  it('refuses a new claim (rejects) when maxClaims live claims are in progress; expired ones make room', async () => {
    let now = 0;
    const store = new MemoryIdempotencyStore({ maxClaims: 2, now: () => now });
    await store.claim('a', { claimTtlMs: 1000 });
    await store.claim('b', { claimTtlMs: 1000 });
    await expect(store.claim('c', { claimTtlMs: 1000 })).rejects.toThrow(/2 claims are in progress/);
    expect(await store.claim('a', { claimTtlMs: 1000 })).toEqual({ status: 'in_progress' });
    now = 1000;
    expect((await store.claim('c', { claimTtlMs: 1000 })).status).toBe('claimed');
  });

  it('keeps a long-running claim that completes after many newer keys', async () => {
    const { store } = withClock(4);
    const first = await store.claim('first', { claimTtlMs: 60_000 });
    for (const key of ['a', 'b', 'c', 'd', 'e']) {
      const claim = await store.claim(key, { claimTtlMs: 60_000 });
      if (claim.status === 'claimed') await store.complete(key, claim.token, { ttlMs: 60_000 });
    }
    if (first.status !== 'claimed') throw new Error('expected a claim');
    await store.complete('first', first.token, { ttlMs: 60_000 });
    expect(await store.claim('first', { claimTtlMs: 60_000 })).toEqual({ status: 'done' });
    expect((await store.claim('a', { claimTtlMs: 60_000 })).status).toBe('claimed');
  });

  it('refuses a maxEntries or maxClaims that is not a positive integer', () => {
    expect(() => new MemoryIdempotencyStore({ maxEntries: 0 })).toThrow(TypeError);
    expect(() => new MemoryIdempotencyStore({ maxEntries: 10.5 })).toThrow(
      /maxEntries must be a positive integer/,
    );
    expect(() => new MemoryIdempotencyStore({ maxClaims: -1 })).toThrow(
      /maxClaims must be a positive integer/,
    );
  });
});

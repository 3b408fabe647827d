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

  it('never holds more than maxEntries keys, whatever is inserted, and keeps the most recent half', async () => {
    const { store } = withClock(100);
    for (let index = 0; index < 5_000; index++) {
      const claim = await store.claim(`k${index}`, { claimTtlMs: 60_000 });
      if (claim.status === 'claimed' && index % 2 === 0) {
        await store.complete(`k${index}`, claim.token, { ttlMs: 86_400_000 });
      }
      expect(store.size).toBeLessThanOrEqual(100);
    }
    expect(store.size).toBeGreaterThanOrEqual(50);
    for (let index = 4_950; index < 5_000; index++) {
      const expected = index % 2 === 0 ? 'done' : 'in_progress';
      expect((await store.claim(`k${index}`, { claimTtlMs: 60_000 })).status).toBe(expected);
    }
    expect((await store.claim('k0', { claimTtlMs: 60_000 })).status).toBe('claimed');
  });

  it('moves a completed key to the young generation, so a long-running claim that completes is kept', async () => {
    const { store } = withClock(4);
    const first = await store.claim('first', { claimTtlMs: 60_000 });
    await store.claim('a', { claimTtlMs: 60_000 });
    await store.claim('b', { claimTtlMs: 60_000 }); // rotates: 'first' and 'a' are now old
    if (first.status !== 'claimed') throw new Error('expected a claim');
    await store.complete('first', first.token, { ttlMs: 60_000 });
    await store.claim('c', { claimTtlMs: 60_000 }); // rotates again: the old generation ('a') goes
    expect(await store.claim('first', { claimTtlMs: 60_000 })).toEqual({ status: 'done' });
    expect((await store.claim('a', { claimTtlMs: 60_000 })).status).toBe('claimed');
  });

  it('refuses a maxEntries that is not an integer of at least 2', () => {
    expect(() => new MemoryIdempotencyStore({ maxEntries: 1 })).toThrow(TypeError);
    expect(() => new MemoryIdempotencyStore({ maxEntries: 10.5 })).toThrow(/integer of at least 2/);
  });
});

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

  it('never holds more than maxEntries keys, whatever is inserted', async () => {
    const { store } = withClock(100);
    for (let index = 0; index < 5_000; index++) {
      const claim = await store.claim(`k${index}`, { claimTtlMs: 60_000 });
      if (claim.status === 'claimed' && index % 2 === 0) {
        await store.complete(`k${index}`, claim.token, { ttlMs: 86_400_000 });
      }
      expect(store.size).toBeLessThanOrEqual(100);
    }
    expect(store.size).toBe(100);
    // The most recent keys are the ones kept.
    expect(await store.claim('k4998', { claimTtlMs: 60_000 })).toEqual({ status: 'done' });
    expect((await store.claim('k0', { claimTtlMs: 60_000 })).status).toBe('claimed');
  });

  it('drops expired entries as new keys arrive, so idle capacity is not held by stale claims', async () => {
    const { store, advance } = withClock(1_000);
    for (let index = 0; index < 10; index++) await store.claim(`old${index}`, { claimTtlMs: 10 });
    await advance(20);
    for (let index = 0; index < 10; index++) await store.claim(`new${index}`, { claimTtlMs: 60_000 });
    expect(store.size).toBe(10);
  });

  it('refuses a maxEntries that is not a positive integer', () => {
    expect(() => new MemoryIdempotencyStore({ maxEntries: 0 })).toThrow(TypeError);
    expect(() => new MemoryIdempotencyStore({ maxEntries: 1.5 })).toThrow(/positive integer/);
  });
});

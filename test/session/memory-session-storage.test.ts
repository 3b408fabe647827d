import { describe, expect, it } from 'vitest';
import { MemorySessionStorage } from '../../src/bot/session/memory-session-storage.js';
import { storageContract } from './storage-contract.js';

describe('MemorySessionStorage', () => {
  describe('the storage contract', () => {
    storageContract(() => {
      let now = 1_000;
      return {
        storage: new MemorySessionStorage({ now: () => now }),
        advance: async (ms) => {
          now += ms;
        },
      };
    });
  });

  it('is bounded: past maxEntries the session written least recently is forgotten', async () => {
    const storage = new MemorySessionStorage({ maxEntries: 3 });
    for (const key of ['a', 'b', 'c']) await storage.write(key, key, { expectedVersion: undefined });
    // Rewriting "a" makes "b" the least recently written.
    await storage.write('a', 'a2', { expectedVersion: (await storage.read('a'))?.version });
    await storage.write('d', 'd', { expectedVersion: undefined });
    expect(storage.size).toBe(3);
    expect(await storage.read('b')).toBeUndefined();
    expect((await storage.read('a'))?.data).toBe('a2');
    for (let i = 0; i < 1_000; i++) await storage.write(`k${i}`, 'x', { expectedVersion: undefined });
    expect(storage.size).toBe(3);
  });

  it('drops an expired session when it is read', async () => {
    let now = 0;
    const storage = new MemorySessionStorage({ now: () => now });
    await storage.write('k', 'v', { expectedVersion: undefined, ttlMs: 10 });
    now = 10;
    expect(await storage.read('k')).toBeUndefined();
    expect(storage.size).toBe(0);
  });

  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])(
    'refuses maxEntries %s with a TypeError',
    (maxEntries) => {
      expect(() => new MemorySessionStorage({ maxEntries })).toThrow(/maxEntries must be a positive integer/);
    },
  );
});

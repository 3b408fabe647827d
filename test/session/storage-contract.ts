// What every SessionStorage must do, run against the memory storage (unit) and Redis (integration).
import { expect, it } from 'vitest';
import type { SessionStorage } from '../../src/bot/session/session-storage.js';

export interface ContractSubject {
  readonly storage: SessionStorage;
  /** Lets `ms` milliseconds pass for the storage's TTLs (a fake clock, or a real sleep). */
  readonly advance: (ms: number) => Promise<void>;
}

let counter = 0;
const freshKey = () => `contract:${Date.now()}:${++counter}`;

export function storageContract(subject: () => ContractSubject): void {
  it('reads nothing for a key never written', async () => {
    expect(await subject().storage.read(freshKey())).toBeUndefined();
  });

  it('creates a key only when it must not exist (expectedVersion undefined), once', async () => {
    const { storage } = subject();
    const key = freshKey();
    const version = await storage.write(key, '{"a":1}', { expectedVersion: undefined });
    expect(version).toEqual(expect.any(String));
    expect((await storage.read(key))?.version).toBe(version);
    expect(await storage.write(key, '{"a":2}', { expectedVersion: undefined })).toBeUndefined();
    expect((await storage.read(key))?.data).toBe('{"a":1}');
  });

  it('writes over the version it read, and refuses a stale version', async () => {
    const { storage } = subject();
    const key = freshKey();
    await storage.write(key, '1', { expectedVersion: undefined });
    const first = await storage.read(key);
    const written = await storage.write(key, '2', { expectedVersion: first?.version });
    const second = await storage.read(key);
    expect(second?.version).toBe(written);
    expect(second?.version).not.toBe(first?.version);
    expect(await storage.write(key, '3', { expectedVersion: first?.version })).toBeUndefined();
    // The version a write returned is good for the next write.
    expect(await storage.write(key, '4', { expectedVersion: written })).toEqual(expect.any(String));
    expect((await storage.read(key))?.data).toBe('4');
  });

  it('deletes only at the version read; deleting an absent key expecting nothing succeeds', async () => {
    const { storage } = subject();
    const key = freshKey();
    await storage.write(key, 'x', { expectedVersion: undefined });
    const read = await storage.read(key);
    expect(await storage.delete(key, 'not-the-version')).toBe(false);
    expect(await storage.delete(key, undefined)).toBe(false);
    expect(await storage.delete(key, read?.version)).toBe(true);
    expect(await storage.read(key)).toBeUndefined();
    expect(await storage.delete(key, undefined)).toBe(true);
    expect(await storage.delete(key, read?.version)).toBe(false);
  });

  it('never reuses a version for a key after a delete and re-create (no ABA)', async () => {
    const { storage } = subject();
    const key = freshKey();
    await storage.write(key, 'old', { expectedVersion: undefined });
    const old = await storage.read(key);
    await storage.delete(key, old?.version);
    await storage.write(key, 'new', { expectedVersion: undefined });
    expect((await storage.read(key))?.version).not.toBe(old?.version);
    expect(await storage.write(key, 'stale', { expectedVersion: old?.version })).toBeUndefined();
    expect((await storage.read(key))?.data).toBe('new');
  });

  it('keeps any string as is (unicode, separators, JSON with a version-like prefix)', async () => {
    const { storage } = subject();
    const key = `${freshKey()}:방:|:\n`;
    const data = '1|2\n{"이름":"김","emoji":"🙂","nul":"\\u0000"}';
    await storage.write(key, data, { expectedVersion: undefined });
    expect((await storage.read(key))?.data).toBe(data);
  });

  it('forgets a key after its ttl, and keeps one without ttl', async () => {
    const { storage, advance } = subject();
    const short = freshKey();
    const forever = freshKey();
    await storage.write(short, 's', { expectedVersion: undefined, ttlMs: 50 });
    await storage.write(forever, 'f', { expectedVersion: undefined });
    expect((await storage.read(short))?.data).toBe('s');
    await advance(120);
    expect(await storage.read(short)).toBeUndefined();
    expect((await storage.read(forever))?.data).toBe('f');
    // An expired key counts as absent for a create.
    expect(await storage.write(short, 's2', { expectedVersion: undefined })).toEqual(expect.any(String));
  });

  it('lets exactly one of many concurrent writers at one version win', async () => {
    const { storage } = subject();
    const key = freshKey();
    await storage.write(key, '0', { expectedVersion: undefined });
    const read = await storage.read(key);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => storage.write(key, String(i), { expectedVersion: read?.version })),
    );
    expect(results.filter((version) => version !== undefined)).toHaveLength(1);
  });
}

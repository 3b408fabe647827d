import { afterEach, describe, expect, it, vi } from 'vitest';
import { signWebhook, signWebhookAsync, verifyWebhookAsync } from '../../src/index.js';

describe('Web Crypto path', () => {
  it('stays correct past the bounded key cache (more secrets than it holds, then the first again)', async () => {
    const body = '{"event_type":"talk.x"}';
    const secrets = Array.from({ length: 40 }, (_, index) => `rotating-secret-${index}`);
    for (const secret of [...secrets, ...secrets.slice(0, 3)]) {
      const signature = signWebhook(body, secret);
      expect(await signWebhookAsync(body, secret)).toBe(signature);
      expect(await verifyWebhookAsync(body, signature, secret)).toBe(true);
      expect(await verifyWebhookAsync(body, signature, `${secret}-not`)).toBe(false);
    }
  });

  it('concurrent first uses of one secret all agree', async () => {
    const body = 'concurrent';
    const secret = 'fresh-secret-for-concurrency';
    const signature = signWebhook(body, secret);
    const results = await Promise.all(
      Array.from({ length: 8 }, () => verifyWebhookAsync(body, signature, secret)),
    );
    expect(results).toEqual(Array(8).fill(true));
  });

  it('a rotation list: true if any secret matches, false if none does', async () => {
    const signature = signWebhook('b', 'new');
    expect(await verifyWebhookAsync('b', signature, ['old', 'new'])).toBe(true);
    expect(await verifyWebhookAsync('b', signature, ['old', 'older'])).toBe(false);
  });

  describe('on a runtime without Web Crypto', () => {
    afterEach(() => {
      vi.unstubAllGlobals();
    });

    it('throws an Error that names the alternative', () => {
      vi.stubGlobal('crypto', undefined);
      expect(() => verifyWebhookAsync('b', '0'.repeat(64), 's')).toThrow(/needs Web Crypto.*verifyWebhook/);
      expect(() => signWebhookAsync('b', 's')).toThrow(/needs Web Crypto/);
    });
  });
});

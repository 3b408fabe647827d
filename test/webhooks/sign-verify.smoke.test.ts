import { describe, expect, it } from 'vitest';
import { signWebhook, verifyWebhook } from '../../src/index.js';

describe('signWebhook / verifyWebhook', () => {
  it('accepts its own signature and rejects another body', () => {
    const signature = signWebhook('hello', 'k');
    // openssl: printf hello | openssl dgst -sha256 -hmac k
    expect(signature).toBe('406e4b43f87095aa86ca6299d25e875921fefa180f02043bb29bec5681c0c2d0');
    expect(verifyWebhook('hello', signature, 'k')).toBe(true);
    expect(verifyWebhook('hellO', signature, 'k')).toBe(false);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signWebhook, signWebhookAsync, verifyWebhook, verifyWebhookAsync } from '../../src/index.js';

// Any configurable secret: placeholders (blank, "undefined", "null") are refused at creation.
const secretArb = fc
  .string({ minLength: 1, maxLength: 80, unit: 'grapheme' })
  .filter((secret) => !['', 'undefined', 'null'].includes(secret.trim().toLowerCase()));
const bytesArb = fc.uint8Array({ maxLength: 512 });
const bodyArb = fc.oneof(fc.string({ maxLength: 300, unit: 'grapheme' }), bytesArb);

describe('properties (fast-check)', () => {
  it('round-trip: what signWebhook(Async) produces verifies on both paths, and both sign alike', async () => {
    await fc.assert(
      fc.asyncProperty(bodyArb, secretArb, async (body, secret) => {
        const signature = signWebhook(body, secret);
        expect(signature).toMatch(/^[0-9a-f]{64}$/);
        expect(await signWebhookAsync(body, secret)).toBe(signature);
        expect(verifyWebhook(body, signature, secret)).toBe(true);
        expect(await verifyWebhookAsync(body, signature, secret)).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it('any single-byte change of the body is rejected', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ minLength: 1, maxLength: 512 }),
        secretArb,
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        async (body, secret, at, flip) => {
          const signature = signWebhook(body, secret);
          const changed = Uint8Array.from(body);
          const index = at % changed.length;
          changed[index] = (changed[index] as number) ^ flip;
          expect(verifyWebhook(changed, signature, secret)).toBe(false);
          expect(await verifyWebhookAsync(changed, signature, secret)).toBe(false);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('any single-character change of the signature that changes its bytes is rejected', async () => {
    await fc.assert(
      fc.asyncProperty(
        bytesArb,
        secretArb,
        fc.nat(63),
        fc.string({ minLength: 1, maxLength: 1 }),
        async (body, secret, index, replacement) => {
          const signature = signWebhook(body, secret);
          // A case change of a hex letter decodes to the same bytes: not a change.
          fc.pre(replacement.toLowerCase() !== signature[index]);
          const changed = signature.slice(0, index) + replacement + signature.slice(index + 1);
          expect(verifyWebhook(body, changed, secret)).toBe(false);
          expect(await verifyWebhookAsync(body, changed, secret)).toBe(false);
        },
      ),
      { numRuns: 80 },
    );
  });

  it('one hex digit changed to another hex digit is rejected', () => {
    fc.assert(
      fc.property(bytesArb, secretArb, fc.nat(63), fc.integer({ min: 1, max: 15 }), (body, secret, i, d) => {
        const signature = signWebhook(body, secret);
        const digit = ((Number.parseInt(signature[i] as string, 16) + d) % 16).toString(16);
        const changed = signature.slice(0, i) + digit + signature.slice(i + 1);
        expect(verifyWebhook(body, changed, secret)).toBe(false);
      }),
      { numRuns: 60 },
    );
  });

  it('arbitrary signatures (any JS value) and bodies never throw and never verify', async () => {
    await fc.assert(
      fc.asyncProperty(bodyArb, fc.anything(), secretArb, async (body, signature, secret) => {
        const sig = signature as string;
        expect(verifyWebhook(body, sig, secret)).toBe(false);
        expect(await verifyWebhookAsync(body, sig, secret)).toBe(false);
      }),
      { numRuns: 100 },
    );
  });

  it('arbitrary 64-character strings as signatures never throw', async () => {
    await fc.assert(
      fc.asyncProperty(bodyArb, fc.string({ minLength: 64, maxLength: 64 }), async (body, signature) => {
        expect(typeof verifyWebhook(body, signature, 'k')).toBe('boolean');
        expect(typeof (await verifyWebhookAsync(body, signature, 'k'))).toBe('boolean');
      }),
      { numRuns: 100 },
    );
  });
});

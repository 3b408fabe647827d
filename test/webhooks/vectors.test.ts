import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signWebhook, signWebhookAsync, verifyWebhook, verifyWebhookAsync } from '../../src/index.js';
import { oneMiBBody, vector, vectorFile, vectors } from './vectors.js';

describe('OpenSSL test vectors (test/fixtures/webhooks/vectors.json)', () => {
  it('stores bodies whose UTF-8 bytes are the bytes OpenSSL signed', () => {
    for (const { name, body, bodyBase64 } of vectors) {
      expect(Buffer.from(body, 'utf8').toString('base64'), name).toBe(bodyBase64);
    }
  });

  describe.each(vectors.map((v) => [v.name, v] as const))('%s', (_name, v) => {
    const bytes = Buffer.from(v.bodyBase64, 'base64');
    const bodies = {
      string: v.body,
      Buffer: bytes,
      Uint8Array: new Uint8Array(bytes),
      ArrayBuffer: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
    };

    it('signs to the OpenSSL signature on both paths', async () => {
      for (const [kind, body] of Object.entries(bodies)) {
        expect(signWebhook(body, v.secret), kind).toBe(v.signature);
        expect(await signWebhookAsync(body, v.secret), kind).toBe(v.signature);
      }
    });

    it('verifies the OpenSSL signature on both paths, in any body form, upper-case hex too', async () => {
      for (const [kind, body] of Object.entries(bodies)) {
        for (const signature of [v.signature, v.signature.toUpperCase()]) {
          expect(verifyWebhook(body, signature, v.secret), kind).toBe(true);
          expect(await verifyWebhookAsync(body, signature, v.secret), kind).toBe(true);
        }
      }
    });

    it('rejects it with another secret, and accepts it when that secret is in a rotation list', async () => {
      expect(verifyWebhook(v.body, v.signature, 'another-secret')).toBe(false);
      expect(await verifyWebhookAsync(v.body, v.signature, 'another-secret')).toBe(false);
      expect(verifyWebhook(v.body, v.signature, ['another-secret', v.secret])).toBe(true);
      expect(await verifyWebhookAsync(v.body, v.signature, ['another-secret', v.secret])).toBe(true);
    });
  });

  it('escaped unicode: the bytes as sent and as re-serialised differ, and so do their signatures', async () => {
    const sent = vector('escaped-unicode-as-sent');
    const reserialised = vector('escaped-unicode-reserialised');
    expect(sent.body).toContain('\\uD83D\\uDE00');
    expect(JSON.stringify(JSON.parse(sent.body))).toBe(reserialised.body);
    expect(sent.signature).not.toBe(reserialised.signature);
    // What a receiver that re-serialises the parsed body would check: it must fail.
    const reserialisedBody = JSON.stringify(JSON.parse(sent.body));
    expect(verifyWebhook(reserialisedBody, sent.signature, sent.secret)).toBe(false);
    expect(await verifyWebhookAsync(reserialisedBody, sent.signature, sent.secret)).toBe(false);
  });

  it('1 MiB body: rebuilt deterministically, verified on both paths', async () => {
    const spec = vectorFile.generated[0];
    if (spec === undefined) throw new Error('missing generated vector');
    const body = oneMiBBody();
    expect(body.byteLength).toBe(1024 * 1024);
    expect(createHash('sha256').update(body).digest('hex')).toBe(spec.sha256);
    expect(signWebhook(body, spec.secret)).toBe(spec.signature);
    expect(await signWebhookAsync(body, spec.secret)).toBe(spec.signature);
    expect(verifyWebhook(body, spec.signature, spec.secret)).toBe(true);
    expect(await verifyWebhookAsync(body, spec.signature, spec.secret)).toBe(true);
    body.writeUInt8(body.readUInt8(body.length - 1) ^ 1, body.length - 1);
    expect(verifyWebhook(body, spec.signature, spec.secret)).toBe(false);
    expect(await verifyWebhookAsync(body, spec.signature, spec.secret)).toBe(false);
  });

  it('verifies a Uint8Array view into a larger buffer by its own bytes only', async () => {
    const v = vector('korean');
    const inner = Buffer.from(v.body, 'utf8');
    const outer = new Uint8Array(inner.byteLength + 20);
    outer.set(inner, 10);
    const view = outer.subarray(10, 10 + inner.byteLength);
    expect(verifyWebhook(view, v.signature, v.secret)).toBe(true);
    expect(await verifyWebhookAsync(view, v.signature, v.secret)).toBe(true);
  });
});

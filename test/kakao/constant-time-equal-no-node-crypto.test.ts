import { describe, expect, it, vi } from 'vitest';

// A runtime without node:crypto (workerd without nodejs_compat, browsers).
vi.mock('../../src/internal/node-crypto.js', () => ({ getNodeCrypto: () => undefined }));

const { constantTimeEqual, constantTimeMatcher } = await import('../../src/internal/constant-time-equal.js');
const { verifyBizmessageSignature } = await import(
  '../../src/kakao/bizmessage/verify-bizmessage-signature.js'
);

describe('constantTimeEqual without node:crypto', () => {
  it('still compares correctly on the pure-JS path', async () => {
    const { getNodeCrypto } = await import('../../src/internal/node-crypto.js');
    expect(getNodeCrypto()).toBeUndefined();
    expect(constantTimeEqual('s3cr3t', 's3cr3t')).toBe(true);
    expect(constantTimeEqual('s3cr3t', 's3cr3T')).toBe(false);
    expect(constantTimeEqual('s3cr3', 's3cr3t')).toBe(false);
    expect(constantTimeEqual(undefined, 's3cr3t')).toBe(false);
    const matches = constantTimeMatcher(['old', 's3cr3t']);
    expect([matches('s3cr3t'), matches('old'), matches('s3cr3'), matches(undefined)]).toEqual([
      true,
      true,
      false,
      false,
    ]);
  });

  it('so the Kakao checks work on edge runtimes', () => {
    expect(verifyBizmessageSignature('s3cr3t', 's3cr3t')).toBe(true);
    expect(verifyBizmessageSignature('nope', 's3cr3t')).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import {
  isMoMoTalkError,
  isWebhookPayloadError,
  isWebhookVerificationError,
  MoMoTalkError,
  WebhookPayloadError,
  WebhookVerificationError,
} from '../../src/index.js';

describe('webhook errors', () => {
  it('WebhookVerificationError: name, reason, cause, base class, guard', () => {
    const cause = new Error('inner');
    const error = new WebhookVerificationError('bot_id_mismatch', 'mismatch', { cause });
    expect(error).toBeInstanceOf(MoMoTalkError);
    expect(error.name).toBe('WebhookVerificationError');
    expect(error.reason).toBe('bot_id_mismatch');
    expect(error.cause).toBe(cause);
    expect(isMoMoTalkError(error)).toBe(true);
    expect(isWebhookVerificationError(error)).toBe(true);
    expect(isWebhookPayloadError(error)).toBe(false);
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: 'WebhookVerificationError',
      reason: 'bot_id_mismatch',
    });
  });

  it('WebhookPayloadError: name, issues (empty by default), guard', () => {
    const error = new WebhookPayloadError('bad');
    expect(error.name).toBe('WebhookPayloadError');
    expect(error.issues).toEqual([]);
    expect(isWebhookPayloadError(error)).toBe(true);
    expect(isWebhookVerificationError(error)).toBe(false);
  });

  it('guards refuse look-alikes that are not SDK errors', () => {
    const fake = Object.assign(new Error('x'), {
      name: 'WebhookVerificationError',
      reason: 'invalid_signature',
    });
    expect(isWebhookVerificationError(fake)).toBe(false);
    expect(isWebhookPayloadError({ name: 'WebhookPayloadError' })).toBe(false);
    expect(isWebhookVerificationError(null)).toBe(false);
  });
});

import { inspect } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createWebhookHandler,
  signWebhook,
  signWebhookAsync,
  verifyWebhook,
  verifyWebhookAsync,
} from '../../src/index.js';
import { createBizmessageReceiver } from '../../src/kakao/bizmessage/bizmessage-receiver.js';
import { createTalkShareReceiver } from '../../src/kakao/talk-share/talk-share-receiver.js';

// What an unset environment variable becomes once turned into text, and blank values: no real secret
// looks like that, and anyone can guess one, so creation refuses them with a TypeError.
const placeholders = ['undefined', 'null', 'NULL', ' ', '\t\n', ' undefined '];
const body = '{"event_type":"talk.message_created"}';
const real = 'a-real-secret-Zq81';

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('placeholder secrets are refused at creation', () => {
  it.each(placeholders)('createWebhookHandler({ secret: %j })', (secret) => {
    expect(() => createWebhookHandler({ secret })).toThrow(TypeError);
    expect(() => createWebhookHandler({ secret })).toThrow(/placeholder.*MOMOTALK_WEBHOOK_SECRET/s);
    expect(() => createWebhookHandler({ secrets: [real, secret] })).toThrow(/secret\[1\] is a placeholder/);
  });

  it.each(placeholders.filter((value) => value.trim() !== ''))('MOMOTALK_WEBHOOK_SECRET=%j', (secret) => {
    vi.stubEnv('MOMOTALK_WEBHOOK_SECRET', secret);
    expect(() => createWebhookHandler()).toThrow(/placeholder.*MOMOTALK_WEBHOOK_SECRET/s);
  });

  it.each(placeholders)('sign and verify with %j', (secret) => {
    const signature = signWebhook(body, real);
    expect(() => verifyWebhook(body, signature, secret)).toThrow(TypeError);
    expect(() => verifyWebhookAsync(body, signature, secret)).toThrow(TypeError);
    expect(() => signWebhook(body, secret)).toThrow(TypeError);
    expect(() => signWebhookAsync(body, secret)).toThrow(TypeError);
  });

  it.each(placeholders)('Kakao: signature %j and admin key %j', (value) => {
    expect(() => createBizmessageReceiver({ signature: value })).toThrow(
      /signature is (empty|a placeholder)/,
    );
    expect(() => createBizmessageReceiver({ signature: [real, value] })).toThrow(/signature\[1\]/);
    expect(() => createTalkShareReceiver({ adminKey: value })).toThrow(/adminKey is (empty|a placeholder)/);
  });

  it('a secret that merely contains the words is a real secret', () => {
    expect(() => createWebhookHandler({ secret: 'null-and-void-undefined' })).not.toThrow();
    expect(verifyWebhook(body, signWebhook(body, ' undefinedX'), ' undefinedX')).toBe(true);
  });

  it('the message never repeats the value', () => {
    try {
      createWebhookHandler({ secrets: [real, 'null'] });
      expect.unreachable();
    } catch (error) {
      const text = `${String(error)} ${inspect(error)} ${JSON.stringify(error)}`;
      expect(text).not.toContain(real);
    }
  });
});

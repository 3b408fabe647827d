import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { signWebhook, signWebhookAsync, verifyWebhook, verifyWebhookAsync } from '../../src/index.js';

const secret = 'attacker-test-secret-Zq81';
const body = '{"event_type":"talk.message_created"}';
const good = signWebhook(body, secret);

/** Every signature an attacker (or a broken proxy) can send; none may verify, none may throw. */
const attackerSignatures: [string, unknown][] = [
  ['missing (undefined)', undefined],
  ['missing (null)', null],
  ['empty', ''],
  ['odd length', good.slice(0, 63)],
  ['too short (even)', good.slice(0, 62)],
  ['too long', `${good}00`],
  ['non-hex characters', `${good.slice(0, 62)}zz`],
  ['sha256= prefix', `sha256=${good}`],
  ['leading space', ` ${good}`],
  ['trailing space', `${good} `],
  ['trailing newline', `${good}\n`],
  ['two signatures joined (duplicated header)', `${good}, ${good}`],
  ['base64 of the digest', Buffer.from(good, 'hex').toString('base64')],
  ['right length, wrong value', '0'.repeat(64)],
  ['one digit changed', `${good.slice(0, 63)}${good.endsWith('0') ? '1' : '0'}`],
  ['full-width digits', good.replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d)))],
  ['a number', 12345],
  ['an object', { toString: () => good }],
  ['an array holding the signature', [good]],
];

describe('attacker-controlled signatures: false, never a throw, on both paths', () => {
  it.each(attackerSignatures)('%s', async (_label, signature) => {
    const sig = signature as string;
    expect(verifyWebhook(body, sig, secret)).toBe(false);
    await expect(verifyWebhookAsync(body, sig, secret)).resolves.toBe(false);
  });

  it('a genuine signature for another body is refused', async () => {
    expect(verifyWebhook(`${body} `, good, secret)).toBe(false);
    await expect(verifyWebhookAsync(`${body} `, good, secret)).resolves.toBe(false);
  });
});

describe('programmer errors: TypeError with guidance, never the secret', () => {
  const paths = {
    verifyWebhook: (rawBody: unknown, key: unknown) => verifyWebhook(rawBody as string, good, key as string),
    verifyWebhookAsync: (rawBody: unknown, key: unknown) =>
      verifyWebhookAsync(rawBody as string, good, key as string),
    signWebhook: (rawBody: unknown, key: unknown) => signWebhook(rawBody as string, key as string),
    signWebhookAsync: (rawBody: unknown, key: unknown) => signWebhookAsync(rawBody as string, key as string),
  };

  describe.each(Object.entries(paths))('%s', (name, call) => {
    it('a parsed object as the body: throws synchronously, telling to pass the raw body', () => {
      expect(() => call(JSON.parse(body), secret)).toThrow(TypeError);
      expect(() => call(JSON.parse(body), secret)).toThrow(/raw body.*JSON\.parse and re-serialising/s);
      expect(() => call(JSON.parse(body), secret)).toThrow(`[momotalk-bot-sdk] ${name}`);
    });

    it('null / a number / a DataView as the body', () => {
      expect(() => call(null, secret)).toThrow(TypeError);
      expect(() => call(42, secret)).toThrow(TypeError);
      expect(() => call(new DataView(new ArrayBuffer(2)), secret)).toThrow(/Wrap it/);
    });

    it('an empty or missing secret', () => {
      expect(() => call(body, '')).toThrow(/empty or not a string.*MOMOTALK_WEBHOOK_SECRET/s);
      expect(() => call(body, undefined)).toThrow(TypeError);
      if (name.startsWith('verify')) {
        expect(() => call(body, [])).toThrow(/secret is an empty list/);
        expect(() => call(body, [secret, ''])).toThrow(/secret\[1\] is empty or not a string/);
      }
    });
  });

  it('error messages and their inspect/JSON forms never contain the secret or signature', () => {
    const errors: unknown[] = [];
    for (const call of Object.values(paths)) {
      for (const args of [
        [JSON.parse(body), secret],
        [{ secret }, secret],
        [body, ['', secret]],
        [body, [secret, '']],
      ] as const) {
        try {
          call(args[0], args[1]);
        } catch (error) {
          errors.push(error);
        }
      }
    }
    expect(errors).toHaveLength(16);
    for (const error of errors) {
      const text = `${String(error)} ${inspect(error)} ${JSON.stringify(error)}`;
      expect(text).not.toContain(secret);
      expect(text).not.toContain(good);
    }
  });
});

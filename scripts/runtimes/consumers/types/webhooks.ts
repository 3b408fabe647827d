// requires: verifyWebhook, signWebhook, isMoMoTalkError
// Signature checks as a user writes them, with the public types only.
import {
  isMoMoTalkError,
  type MoMoTalkError,
  type RawBody,
  signWebhook,
  verifyWebhook,
  type WebhookSecret,
} from 'momotalk-bot-sdk';
import { type Equal, expectType } from './assert.js';

export function checkSignature(rawBody: RawBody, header: string | null, secret: WebhookSecret): boolean {
  const genuine = verifyWebhook(rawBody, header, secret);
  expectType<Equal<typeof genuine, boolean>>();
  // Rotation: a list of secrets.
  verifyWebhook(new Uint8Array(8), undefined, ['old-secret', 'new-secret']);
  // @ts-expect-error a parsed object is not the raw body
  verifyWebhook({ event_type: 'talk.message_created' }, header, 'secret');
  const signature = signWebhook('{}', 'secret');
  expectType<Equal<typeof signature, string>>();
  return genuine;
}

export function describe(error: unknown): string {
  if (isMoMoTalkError(error)) {
    expectType<Equal<typeof error, MoMoTalkError>>();
    return `${error.name}: ${error.message}`;
  }
  return String(error);
}

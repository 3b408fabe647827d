// requires: parseWebhookEvent, verifyWebhookAsync
// What users buy: narrowing the parsed event on `event_type` gives typed fields.
import {
  type MessageCreatedEvent,
  parseWebhookEvent,
  type UnknownWebhookEvent,
  verifyWebhookAsync,
  type WebhookEvent,
} from 'momotalk-bot-sdk';
import { type Equal, expectType } from './assert.js';

export async function route(rawBody: string, signature: string | null): Promise<string> {
  const genuine = await verifyWebhookAsync(rawBody, signature, 'secret');
  expectType<Equal<typeof genuine, boolean>>();
  const event: WebhookEvent = parseWebhookEvent(rawBody);
  if (event.event_type === 'talk.message_created') {
    expectType<Equal<typeof event, MessageCreatedEvent>>();
    const text: string = event.message.body;
    const room = event.message.room_id;
    return `${room}: ${text} (${event.message.message_type})`;
  }
  const other: UnknownWebhookEvent = event;
  // @ts-expect-error only a narrowed message_created event has `message.body` typed
  const body: string = event.message.body;
  return `${other.event_type} ${body}`;
}

export function messageTypes(event: MessageCreatedEvent): boolean {
  // "TEXT" autocompletes, and any other string is accepted.
  const text: MessageCreatedEvent['message']['message_type'] = 'TEXT';
  const sticker: MessageCreatedEvent['message']['message_type'] = 'STICKER';
  return event.message.message_type === text || event.message.message_type === sticker;
}

// requires: createWebhookHandler, unknownEventType, readExtraField
// Typos do not compile: event fields are exact, `.on()` takes known event types (unknown ones marked with
// unknownEventType), and ctx.reply exists only where the event has a message to answer.
import {
  createWebhookHandler,
  type MessageCreatedEvent,
  readExtraField,
  type UnknownWebhookEvent,
  unknownEventType,
} from 'momotalk-bot-sdk';
import { type Equal, expectType } from './assert.js';

const handler = createWebhookHandler({ secret: 'secret' });

export function fields(event: MessageCreatedEvent): unknown {
  // @ts-expect-error a typo of `body`
  void event.message.text;
  return readExtraField(event.message, 'thread_id');
}

handler.on(unknownEventType('room.member_joined'), (event, ctx) => {
  expectType<Equal<typeof event, UnknownWebhookEvent>>();
  // @ts-expect-error no message to answer
  void ctx.reply('hi');
});
// @ts-expect-error a typo of a known event type
handler.on('talk.message_create', () => {});
// @ts-expect-error a type the SDK does not know must be marked with unknownEventType()
handler.on('room.member_joined', () => {});

// requires: createWebhookHandler
// The Fetch-standard handler: `.on()` narrows the callback's event to the chosen type.
import { createWebhookHandler, type MessageCreatedEvent } from 'momotalk-bot-sdk';
import { type Equal, expectType } from './assert.js';

const handler = createWebhookHandler({ secret: 'secret' });
handler.on('talk.message_created', (event) => {
  expectType<Equal<typeof event, MessageCreatedEvent>>();
  const text: string = event.message.body;
  return void text;
});
// @ts-expect-error the callback's event is a MessageCreatedEvent, not a string
handler.on('talk.message_created', (event: string) => void event);

export const fetchHandler: (request: Request) => Promise<Response> = handler;

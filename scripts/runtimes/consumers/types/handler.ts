// requires: createWebhookHandler, BotClient
// The Fetch-standard handler: `.on()` narrows the callback's event to the chosen type; ctx.reply answers.
import { BotClient, createWebhookHandler, type MessageCreatedEvent } from 'momotalk-bot-sdk';
import { type Equal, expectType } from './assert.js';

const client = new BotClient({ botId: 'bot_1', token: 'token' });
const handler = createWebhookHandler({ secret: 'secret', client });
handler.on('talk.message_created', async (event, ctx) => {
  expectType<Equal<typeof event, MessageCreatedEvent>>();
  const text: string = event.message.body;
  await ctx.reply(`echo: ${text}`);
});
// @ts-expect-error the callback's event is a MessageCreatedEvent, not a string
handler.on('talk.message_created', (event: string) => event);

export const fetchHandler: (request: Request) => Promise<Response> = handler;

// requires: createWebhookHandler, BotClient
// A whole bot on an edge runtime: the handler routes the delivery and BotClient (ky) answers it.
import { BotClient, createWebhookHandler } from 'momotalk-bot-sdk';

export default {
  fetch(request, env) {
    const client = new BotClient({ botId: env.MOMOTALK_BOT_ID, token: env.MOMOTALK_BOT_TOKEN });
    const handler = createWebhookHandler({ secret: env.MOMOTALK_WEBHOOK_SECRET, client });
    handler.on('talk.message_created', async (event, ctx) => {
      await ctx.reply(`Echo: ${event.message.body}`);
    });
    return handler(request);
  },
};

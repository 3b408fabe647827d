// requires: createWebhookHandler
// A webhook-only edge function written with the Fetch-standard handler (no Bot API client).
import { createWebhookHandler } from 'momotalk-bot-sdk';

export default {
  fetch(request, env) {
    const handler = createWebhookHandler({ secret: env.MOMOTALK_WEBHOOK_SECRET });
    handler.on('talk.message_created', (event) => {
      console.log(event.message.body);
    });
    return handler(request);
  },
};

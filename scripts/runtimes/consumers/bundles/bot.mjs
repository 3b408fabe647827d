// requires: Bot, BotClient
// A whole bot on the bot layer at the edge: middleware, commands, hears and a filter query over the webhook
// pipeline, answered through BotClient (ky).
import { Bot, BotClient } from 'momotalk-bot-sdk';

export default {
  fetch(request, env) {
    const client = new BotClient({ botId: env.MOMOTALK_BOT_ID, token: env.MOMOTALK_BOT_TOKEN });
    const bot = new Bot({ secret: env.MOMOTALK_WEBHOOK_SECRET, client });
    bot.use(async (ctx, next) => {
      await next();
      console.log('handled', ctx.eventId);
    });
    bot.command('help', (ctx) => ctx.reply('Commands: /help, /echo <text>'));
    bot.command('echo', (ctx) => ctx.reply(ctx.match || 'Echo what?'));
    bot.hears(/^주문\s+(\d+)$/, (ctx) => ctx.reply(`주문 ${ctx.match[1]}번을 확인했어요`));
    bot.on('message:TEXT', (ctx) => ctx.reply(`Echo: ${ctx.text}`));
    return bot.webhook()(request);
  },
};

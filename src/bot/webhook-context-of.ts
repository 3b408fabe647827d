import type { WebhookContext, WebhookReplyContext } from '../momotalk/handler/webhook-context.js';
import type { Context, MessageContext } from './context.js';

/**
 * @internal The handler-shaped `ctx` that `bot.webhook().on(type, (event, ctx) => …)` promises, read from
 * the bot's context. Its `reply` and `header` are plain functions, so they work destructured
 * (`(event, { reply }) => reply('hi')`), as on `createWebhookHandler`'s ctx; `Context`'s own are methods.
 */
export function webhookContextOf(ctx: Context): WebhookContext & WebhookReplyContext {
  return {
    event: ctx.event,
    eventId: ctx.eventId,
    botId: ctx.botId,
    coalesced: ctx.coalesced,
    get client() {
      return ctx.client;
    },
    header: (name) => ctx.header(name),
    // Context.reply refuses an event without a message with a TypeError, as the handler's ctx does.
    reply: (body, extra, options) => (ctx as Context & MessageContext).reply(body, extra, options),
  };
}

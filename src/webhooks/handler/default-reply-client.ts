import type { ReplyClient } from './webhook-context.js';

/** @internal The BotClient behind `ctx.reply` when no `client` option is given. */
export function defaultReplyClient(_botId: string | undefined): ReplyClient {
  throw new TypeError(
    '[momotalk-bot-sdk] ctx.client: BotClient is not available yet; pass the client option.',
  );
}

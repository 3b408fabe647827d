// bot.webhook() mounted the ways users mount it, against the local emulator as the platform: it signs and
// delivers each user message over loopback HTTP and receives the bot's answers on its Bot API. Real
// node:http and Express servers, a real BotClient, no mocks.
import { createServer } from 'node:http';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expressWebhook } from '../../src/adapters/express.js';
import { toNodeListener } from '../../src/adapters/node-http.js';
import { Bot } from '../../src/bot/bot.js';
import { BotClient } from '../../src/client/bot-client.js';
import type { Emulator } from '../../src/emulator/types.js';
import { startEmulator } from '../../src/testing/start-emulator.js';
import { listen } from '../adapters/support/listen.js';

let emulator: Emulator;

beforeAll(async () => {
  emulator = await startEmulator();
});

afterAll(async () => {
  await emulator.close();
});

/** The commands example: /help, /echo <text>, a Korean trigger, a failing command, and a log middleware. */
function exampleBot(log: string[]) {
  const client = new BotClient({
    botId: emulator.botId,
    token: emulator.token,
    baseUrl: emulator.apiBaseUrl,
    allowInsecureHttp: true,
  });
  const bot = new Bot({ secret: emulator.secret, botId: emulator.botId, client, onError: () => {} });
  bot.use(async (ctx, next) => {
    await next();
    log.push(`handled ${ctx.eventId}`);
  });
  bot.command('help', (ctx) => ctx.reply('Commands: /help, /echo <text>'));
  bot.command('echo', (ctx) => ctx.reply(ctx.match || 'Echo what?'));
  bot.hears(/^주문\s+(\d+)$/, (ctx) => ctx.send(`주문 ${ctx.match[1]}번을 확인했어요`));
  bot.command('fail', () => {
    throw new Error('failing on purpose');
  });
  bot.catch((error) => {
    log.push(`caught ${(error as Error).message}`);
  });
  return bot;
}

for (const [name, mount] of [
  ['node:http (toNodeListener)', (bot: Bot) => listen(createServer(toNodeListener(bot.webhook())))],
  [
    'Express (expressWebhook)',
    (bot: Bot) => {
      const app = express();
      app.post('/webhook', expressWebhook(bot.webhook()));
      return listen(createServer(app));
    },
  ],
] as const) {
  describe(`bot.webhook() on ${name}`, () => {
    it('answers commands and hears through the platform, and fails a throwing command with 500', async () => {
      emulator.reset();
      const log: string[] = [];
      const server = await mount(exampleBot(log));
      emulator.setCallbackUrl(server.url);
      try {
        const help = await emulator.sendUserMessage('/help');
        expect(help.delivery.status).toBe(200);
        const echo = await emulator.sendUserMessage('/Echo  안녕하세요 ');
        const order = await emulator.sendUserMessage('주문 42');
        const plain = await emulator.sendUserMessage('just talking');
        expect([echo.delivery.status, order.delivery.status, plain.delivery.status]).toEqual([200, 200, 200]);

        const failed = await emulator.sendUserMessage('/fail');
        expect(failed.delivery.status).toBe(500);
        expect(failed.delivery.response_excerpt).toContain('processing_failed');

        const bot = emulator.messages.filter((m) => m.sender === 'bot');
        expect(bot.map((m) => [m.body, m.reply_to_message_id])).toEqual([
          ['Commands: /help, /echo <text>', help.message.message_id],
          ['안녕하세요', echo.message.message_id],
          ['주문 42번을 확인했어요', undefined],
        ]);
        expect(log).toEqual([
          `handled ${help.event.event_id}`,
          `handled ${echo.event.event_id}`,
          `handled ${order.event.event_id}`,
          `handled ${plain.event.event_id}`,
          'caught failing on purpose',
        ]);

        // The platform's redelivery of the failed event runs it again (the claim was released).
        const again = await emulator.redeliver(failed.delivery.id);
        expect(again.status).toBe(500);
        expect(log.at(-1)).toBe('caught failing on purpose');
        expect(log.filter((line) => line.startsWith('caught'))).toHaveLength(2);
        // A redelivery of a processed event is answered 200 and not run again.
        expect((await emulator.redeliver(help.delivery.id)).status).toBe(200);
        expect(emulator.messages.filter((m) => m.sender === 'bot')).toHaveLength(3);
      } finally {
        emulator.setCallbackUrl(undefined);
        await server.close();
      }
    });
  });
}

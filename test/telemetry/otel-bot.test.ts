import { describe, expect, it } from 'vitest';
import { Bot } from '../../src/bot/bot.js';
import { messageCreated, SECRET, signedRequest } from '../handler/support.js';
import { recorder } from './support.js';

/** One delivery of a TEXT message with `body` through a traced bot; the handler span's name attribute. */
async function handledBy(setup: (bot: Bot) => void, body: string): Promise<unknown> {
  const { telemetry, span } = recorder();
  const bot = new Bot({ secret: SECRET, telemetry, onError: () => {} });
  setup(bot);
  const event = { ...messageCreated, message: { ...messageCreated.message, body } };
  expect((await bot.webhook()(signedRequest(event))).status).toBe(200);
  return span('momotalk.handler').attributes['momotalk.handler.name'];
}

describe('the bot layer names the handler on the handler span', () => {
  it('command:<name> for a command, the matched name of a list', async () => {
    const setup = (bot: Bot) => {
      bot.command(['help', 'start'], () => undefined);
      bot.on('message', () => undefined);
    };
    expect(await handledBy(setup, '/start now')).toBe('command:start');
  });

  it('hears:<trigger>, on:<query>, filter:<predicate name>; the innermost match wins', async () => {
    expect(await handledBy((bot) => bot.hears(/^order (\d+)$/, () => undefined), 'order 7')).toBe(
      'hears:/^order (\\d+)$/',
    );
    expect(await handledBy((bot) => bot.on(['message:TEXT', 'message'], () => undefined), 'hi')).toBe(
      'on:message:TEXT,message',
    );
    const isHi = (ctx: { text?: string | undefined }) => ctx.text === 'hi';
    expect(await handledBy((bot) => bot.filter(isHi, () => undefined), 'hi')).toBe('filter:isHi');
    expect(await handledBy((bot) => bot.on('message').command('help', () => undefined), '/help')).toBe(
      'command:help',
    );
  });

  it('nothing when no filter matched (a plain use)', async () => {
    expect(await handledBy((bot) => bot.use(() => undefined), 'hi')).toBeUndefined();
  });
});

import { execFile } from 'node:child_process';
import { describe, expect, test } from 'vitest';

// The bot layer from the built root entry, with `import` and with `require`, in a fresh process: a /help
// command and a hears answer through the client given to handleEvent (no network). dist/ is built by the
// project's globalSetup.
const program = (load: string) => `
${load}
const sent = [];
const client = { sendMessage: async (p) => (sent.push(p), { messageId: 1 }), reply: async () => ({}) };
const bot = new sdk.Bot();
bot.command('help', (ctx) => ctx.reply('Commands: /help'));
bot.hears(/^주문 (\\d+)$/, (ctx) => ctx.send('주문 ' + ctx.match[1]));
const event = (body) => ({ event_id: 'e', event_type: 'talk.message_created', bot_id: 'b', timestamp: 1,
  message: { room_id: 1, message_id: 2, sender_user_id: 'u', body, message_type: 'TEXT', created_at: 1 } });
const main = async () => {
  await bot.handleEvent(event('/HELP'), { client });
  await bot.handleEvent(event('주문 7'), { client });
  console.log(JSON.stringify({ sent, classes: [sdk.Bot, sdk.Composer, sdk.Context].map((c) => typeof c) }));
};
main();
`;

function run(mode: 'import' | 'require'): Promise<{ code: number; stdout: string; stderr: string }> {
  const code =
    mode === 'import'
      ? program("import * as sdk from 'momotalk-bot-sdk';")
      : program("const sdk = require('momotalk-bot-sdk');");
  const inputType = mode === 'import' ? '--input-type=module' : '--input-type=commonjs';
  return new Promise((resolve) => {
    execFile(process.execPath, [inputType, '-e', code], { encoding: 'utf8' }, (error, stdout, stderr) => {
      resolve({ code: error ? 1 : 0, stdout, stderr });
    });
  });
}

describe('the bot layer from the built root entry', () => {
  for (const mode of ['import', 'require'] as const) {
    test(`${mode}: Bot, Composer and Context, and a bot that answers`, async () => {
      const result = await run(mode);
      expect(result.code, result.stderr).toBe(0);
      expect(JSON.parse(result.stdout)).toEqual({
        sent: [
          { room_id: 1, reply_to_message_id: 2, body: 'Commands: /help' },
          { room_id: 1, body: '주문 7' },
        ],
        classes: ['function', 'function', 'function'],
      });
    });
  }
});

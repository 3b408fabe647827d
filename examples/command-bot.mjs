// A bot with commands: /help, /echo <text>, a Korean greeting through `hears`, a log line per update and
// an answer for everything else, on the SDK's bot layer (Bot, middleware, command, hears).
//
// `npm start -- command-bot` runs it against the local emulator. To run it yourself, give it the settings
// the emulator (`npx momotalk-bot dev`) or the MoMoTalk console gave you:
//
//   MOMOTALK_BOT_ID=bot_local MOMOTALK_BOT_TOKEN=… MOMOTALK_WEBHOOK_SECRET=… \
//   MOMOTALK_API_BASE_URL=http://127.0.0.1:8787/api PORT=3000 node examples/command-bot.mjs
import { createServer } from 'node:http';
import { Bot, BotClient } from 'momotalk-bot-sdk';
import { createMemoryInbox } from 'momotalk-bot-sdk/bullmq';
import { toNodeListener } from 'momotalk-bot-sdk/node';
import { emulatorTelemetry } from 'momotalk-bot-sdk/testing';

const port = Number(process.env.PORT ?? 3000);
const path = '/momotalk/webhook';

// MOMOTALK_INBOX=memory (`npm start -- --inbox`): the webhook stores each event in an inbox and answers 200
// at once; a worker runs it, each room's events one at a time and in order, retrying a failed one and
// dead-lettering it after 3 runs. In memory, so it lasts as long as this process: in production, use
// createBullMQInbox (docs/scaling.md).
const inboxKind = process.env.MOMOTALK_INBOX ?? '';
if (inboxKind !== '' && inboxKind !== 'memory') {
  console.error(`MOMOTALK_INBOX must be "memory" or unset, got ${JSON.stringify(inboxKind)}.`);
  process.exit(2);
}
const inbox = inboxKind === 'memory' ? createMemoryInbox() : undefined;

const HELP = [
  'Commands:',
  '/help - this list',
  '/echo <text> - I say it back',
  '안녕 - a greeting in Korean',
].join('\n');

// npm start (and `momotalk-bot dev`) give the bot MOMOTALK_EMULATOR_URL: the emulator page then shows each
// delivery's spans (verify, claim, handler, send) beside it. Against the real platform it stays off.
const emulatorUrl = process.env.MOMOTALK_EMULATOR_URL;
const telemetry = emulatorUrl
  ? emulatorTelemetry({ url: emulatorUrl, token: process.env.MOMOTALK_BOT_TOKEN ?? '' })
  : undefined;

// Settings from MOMOTALK_WEBHOOK_SECRET, MOMOTALK_BOT_ID, MOMOTALK_BOT_TOKEN and MOMOTALK_API_BASE_URL.
const bot = new Bot({ telemetry, client: new BotClient({ telemetry }), inbox });

// One log line per update, after the handlers ran (or failed).
bot.use(async (ctx, next) => {
  const started = performance.now();
  try {
    await next();
  } finally {
    const ms = (performance.now() - started).toFixed(1);
    console.log(
      `${ctx.event.event_type} ${JSON.stringify(ctx.text ?? '')} from ${ctx.senderId ?? '-'}: ${ms} ms`,
    );
  }
});

bot.command(['help', 'start'], (ctx) => ctx.reply(HELP));
// ctx.match is the text after the command: "hi there" for "/echo hi there".
bot.command('echo', (ctx) => ctx.reply(ctx.match === '' ? 'Usage: /echo <text>' : ctx.match));
bot.hears(['안녕', '안녕하세요'], (ctx) => ctx.reply('안녕하세요! 명령어는 /help 로 볼 수 있어요.'));
bot.on('message:TEXT', (ctx) => ctx.reply(`I don't know "${ctx.text}". Try /help.`));

// Errors no handler caught: logged, then the delivery is answered 500 so the platform can redeliver.
bot.catch((error, ctx) => console.error(`update ${ctx.eventId} failed:`, error));

const handler = bot.webhook();
const worker = inbox?.worker({
  handler: bot,
  telemetry, // the page then shows each inbox job's spans (handler, send) under its event too
  maxAttempts: 3,
  onError: (error, { phase, entryId, attempt }) =>
    console.error(`inbox ${phase}: ${entryId ?? '-'} (run ${attempt ?? '-'}): ${error?.message ?? error}`),
});
const listener = toNodeListener(handler);
const server = createServer((req, res) => {
  if (new URL(req.url ?? '/', 'http://localhost').pathname === path) return listener(req, res);
  res.writeHead(404, { 'content-type': 'text/plain' }).end(`The webhook is at POST ${path}\n`);
});

server.listen(port, '127.0.0.1', () => {
  console.log(`Command bot listening on http://127.0.0.1:${port}${path}${inbox ? ' (memory inbox)' : ''}`);
});

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, async () => {
    await handler.close(); // finish deliveries in progress, answer new ones 503
    await worker?.close(); // finish the runs in progress; what is still waiting is lost with the memory inbox
    server.close();
  });
}

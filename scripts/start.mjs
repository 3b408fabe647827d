#!/usr/bin/env node
// `npm start`: the local MoMoTalk emulator and an example bot, wired to each other with generated
// credentials: the echo bot (examples/echo-bot.mjs), or with `npm start -- command-bot` the bot with
// commands (examples/command-bot.mjs). `--inbox` runs the bot behind a memory inbox (MOMOTALK_INBOX=memory):
// its webhook answers 200 once the event is stored and a worker runs it. Builds the package first when
// dist/ is missing. Ctrl-C stops both.
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';

const PREFERRED_PORT = Number(process.env.EMULATOR_PORT ?? 8787);
const BOT_READY_TIMEOUT_MS = 15_000;

/** The examples `npm start` can run, by the name given after `--`, and what to try on the page. */
const EXAMPLES = {
  'echo-bot': { name: 'echo bot', tryIt: 'say hello: the bot answers "Echo: hello"' },
  'command-bot': { name: 'command bot', tryIt: 'type /help, /echo hi or 안녕' },
};
const args = process.argv.slice(2);
const flags = args.filter((arg) => arg.startsWith('-'));
const names = args.filter((arg) => !arg.startsWith('-'));
const unknownFlag = flags.find((flag) => flag !== '--inbox');
if (unknownFlag !== undefined || names.length > 1) {
  console.error(
    `npm start: unexpected ${unknownFlag ?? `"${names[1]}"`}; usage: npm start -- [${Object.keys(EXAMPLES).join(' | ')}] [--inbox]`,
  );
  process.exit(2);
}
const exampleName = names[0] ?? 'echo-bot';
const inbox = flags.includes('--inbox');
const example = EXAMPLES[exampleName];
if (example === undefined) {
  console.error(
    `npm start: no example "${exampleName}"; choose one of: ${Object.keys(EXAMPLES).join(', ')}.`,
  );
  process.exit(2);
}
const exampleFile = `examples/${exampleName}.mjs`;

if (
  !['dist/index.js', 'dist/node.js', 'dist/testing.js', 'dist/bullmq.js'].every((file) => existsSync(file))
) {
  console.log('Building the package first (npx tsup)…');
  const build = spawnSync('npx', ['tsup'], { stdio: 'inherit', shell: process.platform === 'win32' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

// The package imports itself by name, through its own exports map, exactly as a user's code would.
const { startEmulator } = await import('momotalk-bot-sdk/testing');

const botPort = await freePort();
const callbackUrl = `http://127.0.0.1:${botPort}/momotalk/webhook`;
const emulator = await startEmulator({ port: PREFERRED_PORT, callbackUrl }).catch((error) => {
  if (error?.code !== 'EADDRINUSE') throw error;
  return startEmulator({ port: 0, callbackUrl }); // 8787 is taken: any free port will do
});

const bot = spawn(process.execPath, [exampleFile], {
  env: {
    ...process.env,
    PORT: String(botPort),
    MOMOTALK_BOT_ID: emulator.botId,
    MOMOTALK_BOT_TOKEN: emulator.token,
    MOMOTALK_WEBHOOK_SECRET: emulator.secret,
    MOMOTALK_API_BASE_URL: emulator.apiBaseUrl,
    ...(inbox ? { MOMOTALK_INBOX: 'memory' } : {}),
    // The example bots report their spans here (emulatorTelemetry): the page shows them per delivery.
    MOMOTALK_EMULATOR_URL: emulator.url,
  },
  stdio: ['ignore', 'pipe', 'inherit'],
});

let stopping = false;
async function stop(code) {
  if (stopping) return;
  stopping = true;
  bot.kill('SIGTERM');
  await emulator.close();
  process.exit(code);
}
process.once('SIGINT', () => stop(0));
process.once('SIGTERM', () => stop(0));
bot.once('exit', (code, signal) => {
  if (stopping) return;
  console.error(`The ${example.name} stopped (${signal ?? `exit code ${code}`}); stopping the emulator.`);
  void stop(1);
});

// The bot's first line says where it listens, and "(memory inbox)" when it runs behind one.
let botOnInbox = false;
const ready = new Promise((resolve) => {
  createInterface({ input: bot.stdout }).on('line', (line) => {
    if (/^\w[\w ]* listening on http/.test(line)) {
      botOnInbox = line.endsWith('(memory inbox)');
      resolve();
    } else console.log(`[${exampleName}] ${line}`);
  });
});
const timeout = new Promise((_, reject) =>
  setTimeout(() => reject(new Error(`the ${example.name} did not start`)), BOT_READY_TIMEOUT_MS).unref(),
);
try {
  await Promise.race([ready, timeout]);
} catch (error) {
  console.error(`npm start: ${error.message}; see its output above.`);
  await stop(1);
}

console.log(`
  MoMoTalk emulator with the example ${example.name}

  Open ${emulator.pageUrl} and ${example.tryIt}.
  Each delivery on the page shows the bot's spans (verify, claim, handler, send) with their durations.

  Emulator Bot API   ${emulator.apiBaseUrl}
  Bot webhook        ${callbackUrl}  (${exampleFile})${
    botOnInbox
      ? `
  Bot inbox          memory: the webhook answers 200 once the event is stored, a worker replies
                     (each room in order; retries and dead letters are logged here)`
      : ''
  }

  Press Ctrl-C to stop.
`);

async function freePort() {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

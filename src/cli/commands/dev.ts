import type { EmulatorChange } from '../../emulator/emulator-state.js';
import { startEmulatorServer } from '../../emulator/start-emulator-server.js';
import { ENV, fromFlagOrEnv, httpUrl } from '../cli-config.js';
import type { CliIo } from '../cli-io.js';
import { CliUsageError } from '../cli-usage-error.js';
import type { CliCommand } from '../command.js';
import { refusalExplanation } from '../refusal-explanation.js';

const DEFAULT_PORT = 8787;
const DEFAULT_CALLBACK = 'http://127.0.0.1:3000/momotalk/webhook';
/** The emulator's own secret variable: `MOMOTALK_WEBHOOK_SECRET` may be the production secret. */
const EMULATOR_SECRET_ENV = 'MOMOTALK_EMULATOR_SECRET';

/**
 * `momotalk-bot dev`: runs the local MoMoTalk emulator (web page, Bot API, signed deliveries) until
 * Ctrl-C, and prints the settings to run a bot against it.
 *
 * @example
 * ```ts
 * await devCommand.run({ port: '0' }, [], { ...io, signal: AbortSignal.timeout(1000) });
 * ```
 */
export const devCommand: CliCommand = {
  name: 'dev',
  summary: 'Run the local MoMoTalk emulator (web page + Bot API) until Ctrl-C',
  usage: 'momotalk-bot dev [--port <n>] [--callback-url <url>] [options]',
  help: `Starts a local stand-in for MoMoTalk on 127.0.0.1: a web page to chat with your bot, the Bot API
(POST /api/bots/<bot_id>/messages with bearer auth), and signed webhook deliveries to your bot with a
delivery log, redelivery and a webhook test button. A bot using emulatorTelemetry() (from
momotalk-bot-sdk/testing, with the printed MOMOTALK_EMULATOR_URL) shows each delivery's spans on the page.
Runs until Ctrl-C.

The page and its actions need a per-run access token: open the printed URL (…/?token=…). Without it,
any local process could have the emulator sign messages of its choice.

The webhook secret is generated on every start unless you fix it with --secret or
$${EMULATOR_SECRET_ENV}. $${ENV.secret} is NOT used unless you pass --use-env-secret: it may be
your production secret, and the emulator signs whatever its page is asked to send. The bot id and token
come from the flags, else the environment, else defaults. Values you supply are never printed; the
source of the secret is.

Options:
  --port <n>            port on 127.0.0.1 (default: ${DEFAULT_PORT}; 0 picks a free one)
  --callback-url <url>  where to deliver events (default: ${DEFAULT_CALLBACK})
  --bot-id <id>         the bot id (default: $${ENV.botId}, else bot_local)
  --token <token>       the token the Bot API accepts (default: $${ENV.token}, else generated)
  --secret <secret>     the secret deliveries are signed with (default: $${EMULATOR_SECRET_ENV}, else
                        generated)
  --use-env-secret      sign with $${ENV.secret} from the environment instead

Examples:
  momotalk-bot dev
  momotalk-bot dev --port 9000 --callback-url http://127.0.0.1:8080/webhook`,
  options: {
    port: { type: 'string' },
    'callback-url': { type: 'string' },
    'bot-id': { type: 'string' },
    token: { type: 'string' },
    secret: { type: 'string' },
    'use-env-secret': { type: 'boolean' },
  },
  async run(values, positionals, io) {
    if (positionals.length > 0)
      throw new CliUsageError(`Unexpected argument ${JSON.stringify(positionals[0])}.`);
    const port = parsePort(values.port);
    const callbackUrl = httpUrl(values['callback-url'], '--callback-url') ?? DEFAULT_CALLBACK;
    const token = fromFlagOrEnv(values, 'token', io.env, ENV.token);
    const { secret, source } = chooseSecret(values, io.env);
    const emulator = await startEmulatorServer(
      { port, botId: fromFlagOrEnv(values, 'bot-id', io.env, ENV.botId), token, secret, callbackUrl },
      (change) => logChange(change, io),
    ).catch((error: unknown) => {
      if ((error as { code?: string }).code === 'EADDRINUSE') {
        throw new CliUsageError(`Port ${port} is in use; pick another with --port (0 picks a free one).`);
      }
      throw error;
    });
    const shown = (value: string, given: string | undefined, variable: string) =>
      given === undefined ? `${variable}=${value}` : `${variable}=(yours, from the flag or environment)`;
    io.out(`MoMoTalk emulator: ${emulator.pageUrl}  (open it in a browser; the token changes every start)`);
    io.out(`Delivering events to ${callbackUrl}`);
    io.out(`Webhook secret: ${source}`);
    if (values['use-env-secret'] !== true && io.env[ENV.secret]) {
      io.out(
        `Note: ${ENV.secret} is set in this environment but not used (it may be a production secret). ` +
          'Start your bot with the value below, or pass --use-env-secret.',
      );
    }
    io.out('Run your bot with:');
    io.out(`  ${ENV.baseUrl}=${emulator.apiBaseUrl}`);
    io.out(`  ${ENV.botId}=${emulator.botId}`);
    io.out(`  ${shown(emulator.token, token, ENV.token)}`);
    io.out(
      `  ${secret === undefined ? `${ENV.secret}=${emulator.secret}` : `${ENV.secret}=(yours, ${source})`}`,
    );
    io.out(`  MOMOTALK_EMULATOR_URL=${emulator.url}`);
    io.out(
      '  (read by the example bots: with emulatorTelemetry() from momotalk-bot-sdk/testing the page shows ' +
        "each delivery's spans)",
    );
    io.out('Press Ctrl-C to stop.');
    await new Promise<void>((resolve) => {
      if (io.signal === undefined || io.signal.aborted) return resolve();
      io.signal.addEventListener('abort', () => resolve(), { once: true });
    });
    await emulator.close();
    io.out('Emulator stopped.');
    return 0;
  },
};

/** Where the emulator's webhook secret comes from; never silently from `MOMOTALK_WEBHOOK_SECRET`. */
function chooseSecret(
  values: Parameters<CliCommand['run']>[0],
  env: CliIo['env'],
): { secret: string | undefined; source: string } {
  const useEnv = values['use-env-secret'] === true;
  if (typeof values.secret === 'string' && values.secret !== '') {
    if (useEnv) throw new CliUsageError('Pass either --secret or --use-env-secret, not both.');
    return { secret: values.secret, source: 'from --secret' };
  }
  if (useEnv) {
    const fromEnv = env[ENV.secret];
    if (fromEnv === undefined || fromEnv === '') {
      throw new CliUsageError(`--use-env-secret: ${ENV.secret} is not set.`);
    }
    return { secret: fromEnv, source: `from ${ENV.secret} (--use-env-secret)` };
  }
  const emulatorSecret = env[EMULATOR_SECRET_ENV];
  if (emulatorSecret !== undefined && emulatorSecret !== '') {
    return { secret: emulatorSecret, source: `from ${EMULATOR_SECRET_ENV}` };
  }
  return { secret: undefined, source: 'generated for this run (a new one on every start)' };
}

function logChange(change: EmulatorChange, io: CliIo): void {
  if (change.type === 'delivery') {
    const delivery = change.data;
    const outcome =
      delivery.status === null
        ? `failed: ${delivery.error}`
        : `HTTP ${delivery.status}${delivery.refusal === null ? '' : ` ${delivery.refusal}`}`;
    io.out(
      `→ ${delivery.event_type} ${delivery.event_id} #${delivery.attempt}: ${outcome} (${delivery.latency_ms} ms)`,
    );
    if (delivery.status === null) return;
    const advice =
      `  The bot must verify with this emulator's secret, printed at start as ${ENV.secret}=…; it is new on ` +
      `every start unless fixed with --secret or ${EMULATOR_SECRET_ENV}. Restart the bot with it.`;
    for (const line of refusalExplanation(delivery.status, delivery.refusal, advice)) {
      io.out(line.startsWith('  ') ? line : `  ${line}`);
    }
  } else if (change.type === 'api_refusal') {
    const { status, code, message } = change.data;
    io.out(`✗ bot → Bot API refused (${status} ${code}): ${message}`);
  } else if (change.type === 'message') {
    const message = change.data;
    const who = message.sender === 'bot' ? '← bot' : `  ${message.sender_id}`;
    io.out(`${who} in room ${message.room_id}: ${message.body}`);
  }
}

function parsePort(raw: string | boolean | undefined): number {
  if (raw === undefined) return DEFAULT_PORT;
  const port = Number(raw);
  if (typeof raw !== 'string' || !/^\d+$/.test(raw) || port > 65535) {
    throw new CliUsageError(`--port must be a number from 0 to 65535 (got ${JSON.stringify(raw)}).`);
  }
  return port;
}

import { readEnv } from '../internal/read-env.js';
import { SDK_VERSION } from '../internal/sdk-version.js';
import { type BotClientOptions, DEFAULT_BASE_URL } from './client-options.js';

/** Resolved, validated constructor input. */
export interface ClientConfig {
  readonly botId: string;
  readonly token: string;
  readonly baseUrl: string;
  readonly messagesUrl: string;
  readonly messagesPath: string;
  readonly userAgent: string;
  readonly timeout: number;
  readonly totalTimeout: number;
}

/** A variable, trimmed; `undefined` when unset, blank or unreadable. */
function trimmedEnv(name: string): string | undefined {
  return readEnv(name)?.trim() || undefined;
}

function fail(message: string): never {
  throw new TypeError(`[momotalk-bot-sdk] BotClient: ${message}`);
}

/** Reads options and environment; throws a `TypeError` naming the option or variable to fix. */
export function resolveClientConfig(options: BotClientOptions): ClientConfig {
  const botId = options.botId?.trim() || trimmedEnv('MOMOTALK_BOT_ID');
  if (botId === undefined) {
    fail('no bot id. Pass { botId } or set MOMOTALK_BOT_ID (the id shown in the console, e.g. "bot_…").');
  }
  if (botId === '.' || botId === '..') fail('botId must not be "." or "..".');

  const token = options.token?.trim() || trimmedEnv('MOMOTALK_BOT_TOKEN');
  if (token === undefined) {
    fail(
      'no bot token. Pass { token } or set MOMOTALK_BOT_TOKEN (the bot_token the console showed when the bot was created).',
    );
  }
  // Checked here, because fetch would reject it later with the token value in its message.
  if (!/^[\x21-\x7e]+$/.test(token)) {
    fail(
      'the bot token contains spaces or characters a header cannot carry; check { token } / MOMOTALK_BOT_TOKEN.',
    );
  }

  const baseSource = options.baseUrl === undefined ? 'MOMOTALK_API_BASE_URL' : 'baseUrl';
  const rawBase =
    options.baseUrl === undefined
      ? (trimmedEnv('MOMOTALK_API_BASE_URL') ?? DEFAULT_BASE_URL)
      : String(options.baseUrl);
  let base: URL;
  try {
    base = new URL(rawBase);
  } catch {
    fail(`${baseSource} is not a valid URL: "${rawBase}".`);
  }
  if (base.protocol !== 'https:' && base.protocol !== 'http:') fail(`${baseSource} must be an http(s) URL.`);
  if (base.username !== '' || base.password !== '') fail(`${baseSource} must not contain credentials.`);
  if (base.search !== '' || base.hash !== '') fail(`${baseSource} must not have a query or fragment.`);
  if (base.protocol === 'http:' && !isLoopback(base.hostname) && options.allowInsecureHttp !== true) {
    fail(
      `${baseSource} is http:// for ${base.hostname}, so the bot token would travel in cleartext. Use https://, or pass { allowInsecureHttp: true } for a trusted network (loopback hosts are always allowed).`,
    );
  }
  const baseUrl = base.href.replace(/\/+$/, '');

  const messagesPath = `/bots/${encodeURIComponent(botId)}/messages`;
  const messagesUrl = `${baseUrl}${messagesPath}`;
  const expectedPath = `${base.pathname.replace(/\/+$/, '')}${messagesPath}`;
  if (new URL(messagesUrl).pathname !== expectedPath) fail('botId would change the request path.');

  const timeout = checkMs('timeout', options.timeout, 10_000);
  const totalTimeout = checkMs('totalTimeout', options.totalTimeout, 60_000);
  const product = options.userAgent?.trim();
  const userAgent = `${product ? `${product} ` : ''}momotalk-bot-sdk/${SDK_VERSION}`;
  return { botId, token, baseUrl, messagesUrl, messagesPath, userAgent, timeout, totalTimeout };
}

/** `localhost` (and `*.localhost`), `127.0.0.0/8` and `[::1]`: the machine itself. */
function isLoopback(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    host === '[::1]' ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)
  );
}

/** A positive finite number of milliseconds, or the default. */
export function checkMs(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0 || value > 2_147_483_647) {
    fail(`${name} must be a number of milliseconds between 1 and 2147483647, got ${value}.`);
  }
  return value;
}

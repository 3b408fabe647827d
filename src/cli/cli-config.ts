import { CliUsageError } from './cli-usage-error.js';
import type { CliValues } from './command.js';

/**
 * The SDK's environment variables, the same names `BotClient` and the webhook handler read.
 *
 * @example
 * ```ts
 * const secret = io.env[ENV.secret]; // MOMOTALK_WEBHOOK_SECRET
 * ```
 */
export const ENV = {
  botId: 'MOMOTALK_BOT_ID',
  token: 'MOMOTALK_BOT_TOKEN',
  baseUrl: 'MOMOTALK_API_BASE_URL',
  secret: 'MOMOTALK_WEBHOOK_SECRET',
} as const;

/**
 * A setting from its flag, else its environment variable, else `undefined`. An empty value counts as
 * absent.
 *
 * @example
 * ```ts
 * const secret = fromFlagOrEnv(values, 'secret', io.env, ENV.secret);
 * ```
 */
export function fromFlagOrEnv(
  values: CliValues,
  flag: string,
  env: Readonly<Record<string, string | undefined>>,
  variable: string,
): string | undefined {
  const value = values[flag];
  if (typeof value === 'string' && value !== '') return value;
  const fromEnv = env[variable];
  return fromEnv === undefined || fromEnv === '' ? undefined : fromEnv;
}

/**
 * Like {@link fromFlagOrEnv}, but a missing value is a usage error that names both ways to set it.
 *
 * @example
 * ```ts
 * const token = requireSetting(values, 'token', io.env, ENV.token);
 * ```
 */
export function requireSetting(
  values: CliValues,
  flag: string,
  env: Readonly<Record<string, string | undefined>>,
  variable: string,
): string {
  const value = fromFlagOrEnv(values, flag, env, variable);
  if (value === undefined) throw new CliUsageError(`Missing --${flag}: pass it, or set ${variable}.`);
  return value;
}

/**
 * A flag that must be a positive integer (room and message ids), or `undefined` when absent.
 *
 * @example
 * ```ts
 * const room = positiveInteger(values, 'room'); // "--room 123" → 123
 * ```
 */
export function positiveInteger(values: CliValues, flag: string): number | undefined {
  const raw = values[flag];
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (typeof raw !== 'string' || !/^\d+$/.test(raw) || !Number.isSafeInteger(value) || value <= 0) {
    throw new CliUsageError(`--${flag} must be a positive integer (got ${JSON.stringify(raw)}).`);
  }
  return value;
}

/**
 * An absolute http(s) URL flag (or variable), or `undefined` when absent. A URL with
 * `user:password@` is refused, and the value is echoed in the error without them.
 *
 * @throws {CliUsageError} When the value is not an absolute http(s) URL or carries credentials.
 *
 * @example
 * ```ts
 * const url = httpUrl(values.url, '--url');
 * ```
 */
export function httpUrl(raw: string | boolean | undefined, label: string): string | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string' || !URL.canParse(raw) || !/^https?:$/.test(new URL(raw).protocol)) {
    throw new CliUsageError(
      `${label} must be an absolute http:// or https:// URL (got ${JSON.stringify(redactUrl(String(raw)))}).`,
    );
  }
  const { username, password } = new URL(raw);
  if (username !== '' || password !== '') {
    throw new CliUsageError(
      `${label} must not contain user:password@ (got ${JSON.stringify(redactUrl(raw))}).`,
    );
  }
  return raw;
}

/**
 * A text with the `user:password@` of every URL in it replaced by `***@`, also when the rest of the URL
 * does not parse, so an error can echo a URL without its credentials.
 *
 * @example
 * ```ts
 * redactUrl('http://me:s3cret@host:bad/api'); // 'http://***@host:bad/api'
 * ```
 */
export function redactUrl(text: string): string {
  return text.replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^/?#\s"']*@/gi, '$1***@');
}

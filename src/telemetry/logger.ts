/**
 * Structured fields of a log line: ids, codes, statuses, durations, and `err` for an error.
 *
 * @example
 * ```ts
 * const fields: LogFields = { status: 401, code: 'invalid_signature' };
 * ```
 */
export type LogFields = Readonly<Record<string, unknown>>;

/**
 * The one logger shape every part of the SDK takes (the receivers' and the client's `logger` option):
 * methods called as `(fields, message)`, the order pino, bunyan and `console` all accept (`console`
 * prints the fields, then the message). Missing methods are skipped. Fields never hold a secret, a token,
 * a signature or a message body: values under names like `token`, `secret`, `signature`, `authorization`
 * or `password` and any `Bearer …` text are replaced by `[redacted]` before your logger sees them. A
 * method that throws is ignored (logging never changes what the SDK does).
 *
 * @example
 * ```ts fragment
 * import pino from 'pino';
 *
 * const logger = pino();
 * createWebhookHandler({ secret, logger, client: new BotClient({ logger }) });
 * // or: { logger: console }
 * ```
 */
export interface Logger {
  /** Every request (client) and, in production, refused deliveries. */
  debug?(fields: LogFields, message: string): void;
  /** Informational lines. */
  info?(fields: LogFields, message: string): void;
  /** Retries, and in development refused deliveries with the failed check and its fix. */
  warn?(fields: LogFields, message: string): void;
  /** Failures nobody else sees: a handler that threw, an unreachable dedupe store, a bug. */
  error?(fields: LogFields, message: string): void;
}

/**
 * @internal The levels of {@link Logger}.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const REDACTED = '[redacted]';
/** @internal Field names whose values are credentials (redacted in logs, dropped from emulator traces). */
export const SECRET_NAME = /token|secret|signature|authori[sz]ation|password|passwd|api.?key|cookie/i;
const BEARER = /\b(Bearer|Basic|KakaoAK)\s+\S+/gi;

/**
 * @internal Logs one line through `logger` with secrets taken out: field values whose name looks like a
 * credential, the `secrets` given (a token), and `Bearer …` / `KakaoAK …` text in strings. Errors (`err`)
 * are passed as they are: the SDK's errors hold no secret (tested). Never throws.
 *
 * @example
 * ```ts fragment
 * log(logger, 'warn', { retry: 1, delayMs: 500 }, 'retrying', [token]);
 * ```
 */
export function log(
  logger: Logger | undefined,
  level: LogLevel,
  fields: LogFields,
  message: string,
  secrets: readonly string[] = [],
): void {
  const method = logger?.[level];
  if (typeof method !== 'function') return;
  const safe: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    safe[name] = SECRET_NAME.test(name)
      ? REDACTED
      : typeof value === 'string'
        ? redact(value, secrets)
        : value;
  }
  try {
    method.call(logger, safe, redact(message, secrets));
  } catch {
    // A logger that throws must not change the answer or the send.
  }
}

function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret !== '') out = out.split(secret).join(REDACTED);
  return out.replace(BEARER, `$1 ${REDACTED}`);
}

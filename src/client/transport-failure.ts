/**
 * System error codes meaning the request never left this machine or never reached a server, so it cannot
 * have been processed: refused connections, DNS failures, unreachable networks, connect timeouts.
 */
const BEFORE_SEND_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_NONAME',
  'EAI_NODATA',
  'ENETUNREACH',
  'ENETDOWN',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
]);

const MAX_DEPTH = 6;

/**
 * The first system error code (`ECONNREFUSED`, `UND_ERR_SOCKET`, …) in an error's cause chain.
 *
 * fetch reports every network failure as `TypeError('fetch failed')` (undici, also through ky's
 * `NetworkError`); the code sits on `cause`, or on each entry of an `AggregateError` when several
 * addresses were tried.
 */
export function findErrorCode(error: unknown, depth = 0): string | undefined {
  if (typeof error !== 'object' || error === null || depth > MAX_DEPTH) return undefined;
  const { code, errors, cause } = error as { code?: unknown; errors?: unknown; cause?: unknown };
  if (typeof code === 'string' && /^[A-Z][A-Z0-9_]+$/.test(code)) return code;
  if (Array.isArray(errors)) {
    for (const item of errors) {
      const found = findErrorCode(item, depth + 1);
      if (found !== undefined) return found;
    }
  }
  return findErrorCode(cause, depth + 1);
}

/** True when `code` proves the request was not sent (see {@link BEFORE_SEND_CODES}). */
export function isBeforeSendCode(code: string | undefined): boolean {
  return code !== undefined && BEFORE_SEND_CODES.has(code);
}

const KEPT_FIELDS = ['code', 'errno', 'syscall', 'hostname', 'address', 'port'] as const;

/**
 * A copy of a transport error that is safe to keep as `cause`: name, message, stack and the fields of a
 * Node system error (`code`, `errno`, `syscall`, `hostname`, `address`, `port`), recursively for `cause`
 * and `AggregateError.errors`. Everything else (ky's `request`/`options`, a custom fetch's request object,
 * headers) is dropped, and every `secret` is replaced by `[redacted]` in the strings that are kept.
 */
export function sanitizeError(error: unknown, secrets: readonly string[], depth = 0): unknown {
  if (typeof error !== 'object' || error === null) {
    return typeof error === 'string' ? redact(error, secrets) : error;
  }
  if (depth > MAX_DEPTH) return undefined;
  const source = error as Record<string, unknown>;
  const message = redact(typeof source.message === 'string' ? source.message : String(error), secrets);
  const nested = Array.isArray(source.errors)
    ? source.errors.map((item) => sanitizeError(item, secrets, depth + 1))
    : undefined;
  const cause = 'cause' in source ? sanitizeError(source.cause, secrets, depth + 1) : undefined;
  const options = cause === undefined ? undefined : { cause };
  const copy = (
    nested === undefined ? new Error(message, options) : new AggregateError(nested, message, options)
  ) as Error & Record<string, unknown>;
  Object.defineProperty(copy, 'name', {
    value: typeof source.name === 'string' ? redact(source.name, secrets) : 'Error',
    configurable: true,
    writable: true,
  });
  if (typeof source.stack === 'string') copy.stack = redact(source.stack, secrets);
  for (const field of KEPT_FIELDS) {
    const value = source[field];
    if (typeof value === 'string') copy[field] = redact(value, secrets);
    else if (typeof value === 'number') copy[field] = value;
  }
  return copy;
}

function redact(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) {
    if (secret.length > 0 && result.includes(secret)) result = result.split(secret).join('[redacted]');
  }
  return result;
}

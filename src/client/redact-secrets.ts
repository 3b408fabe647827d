/**
 * The token out of what a server sends back. A server (or a proxy in front of it) may echo the request,
 * `Authorization` header included, into an error body or a response header; the error keeps both, and
 * errors end up in logs, `JSON.stringify` and `util.inspect`. So the token and any `Bearer …` value are
 * replaced by `[redacted]` before the error is built.
 */

const REDACTED = '[redacted]';
const BEARER = /\bBearer\s+\S+/gi;

/** `text` with the token and any `Bearer …` value replaced by `[redacted]`. */
export function redactText(text: string, token: string): string {
  const withoutToken = token === '' ? text : text.split(token).join(REDACTED);
  return withoutToken.replace(BEARER, `Bearer ${REDACTED}`);
}

/**
 * A copy of a parsed error body with every string (values and keys) redacted; numbers, booleans and `null`
 * are kept, so nothing but the secret is lost. Walked with a stack, not recursion: a 1 MiB body may nest
 * deeper than the call stack allows.
 */
export function redactBody(body: unknown, token: string): unknown {
  if (typeof body === 'string') return redactText(body, token);
  if (typeof body !== 'object' || body === null) return body;
  const root = emptyLike(body);
  const pending: Array<readonly [object, object]> = [[body, root]];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [source, target] = next;
    const isArray = Array.isArray(source);
    for (const [key, value] of Object.entries(source)) {
      let copy: unknown = value;
      if (typeof value === 'string') copy = redactText(value, token);
      else if (typeof value === 'object' && value !== null) {
        copy = emptyLike(value);
        pending.push([value, copy as object]);
      }
      // defineProperty, not assignment: a `__proto__` key from JSON.parse stays an own property.
      Object.defineProperty(target, isArray ? key : redactText(key, token), {
        value: copy,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
  }
  return root;
}

/** `headers` itself when no value holds a secret, else a copy with those values redacted. */
export function redactHeaders(headers: Headers, token: string): Headers {
  const entries = [...headers];
  if (entries.every(([, value]) => redactText(value, token) === value)) return headers;
  // Built from the entries, not `new Headers(headers)`: the response's Headers may come from another realm.
  const copy = new Headers();
  for (const [name, value] of entries) copy.append(name, redactText(value, token));
  return copy;
}

function emptyLike(value: object): object {
  return Array.isArray(value) ? [] : {};
}

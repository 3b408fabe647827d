const utf8 = new TextDecoder();

/**
 * @internal A webhook body as JSON: text (a string, or UTF-8 bytes as a Uint8Array/Buffer, ArrayBuffer or
 * other ArrayBuffer view) is parsed; any other value is taken as already parsed and returned unchanged.
 *
 * A leading byte-order mark is ignored (the decoder drops it from bytes; it is sliced off a string).
 * Every `__proto__` key, at any depth, is dropped (see {@link dropProtoKeys}). When the text is not JSON,
 * `invalid(cause, text)` makes the error thrown: the parser's own message quotes the body, so callers keep
 * it as `cause` only and write their own message.
 *
 * @example
 * ```ts
 * const json = parseJsonBody(body, (cause) => new KakaoPayloadError('invalid_json', 'Not JSON.', { cause }));
 * ```
 */
export function parseJsonBody(input: unknown, invalid: (cause: unknown, text: string) => Error): unknown {
  let text: string;
  if (typeof input === 'string') text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  else if (input instanceof Uint8Array || input instanceof ArrayBuffer) text = utf8.decode(input);
  else if (ArrayBuffer.isView(input)) text = utf8.decode(input);
  else return input;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw invalid(cause, text);
  }
  // Only text that can hold the key is walked: literally, or spelled with escapes of its ASCII letters, which
  // all start `\u00` (Korean text escaped as `\uAC00…` by ensure_ascii serialisers does not trigger a walk).
  // The common delivery pays for two substring searches, not for a walk.
  if (text.includes('__proto__') || text.includes('\\u00')) dropProtoKeys(value);
  return value;
}

/**
 * @internal Deletes every own `__proto__` key, at any depth, in place. `JSON.parse` makes such a key a
 * plain own property, so parsing itself pollutes nothing; but user code that copies the object
 * (`Object.assign({}, event.message)`, `{ ...args }` through some transpilers, a deep merge) would then
 * set the copy's prototype to attacker data. Dropped, like Fastify's and koa-bodyparser's JSON parsers do
 * (`protoAction: 'remove'`). `constructor` and `prototype` keys are kept: copying them sets a plain
 * property, and the platform may name a field so. Iterative, so a deeply nested body cannot overflow
 * the stack.
 */
export function dropProtoKeys(root: unknown): void {
  const pending: unknown[] = [root];
  while (pending.length > 0) {
    const value = pending.pop();
    if (typeof value === 'object' && value !== null) {
      if (Object.hasOwn(value, '__proto__')) Reflect.deleteProperty(value, '__proto__');
      // Arrays too: their values are their items.
      for (const item of Object.values(value)) pending.push(item);
    }
  }
}

const utf8 = new TextDecoder();

/**
 * @internal A webhook body as JSON: text (a string, or UTF-8 bytes as a Uint8Array/Buffer, ArrayBuffer or
 * other ArrayBuffer view) is parsed; any other value is taken as already parsed and returned unchanged.
 *
 * A leading byte-order mark is ignored (the decoder drops it from bytes; it is sliced off a string).
 * `JSON.parse` makes a `__proto__` key an own property, so no prototype is ever touched. When the text is
 * not JSON, `invalid(cause, text)` makes the error thrown: the parser's own message quotes the body, so
 * callers keep it as `cause` only and write their own message.
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
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    throw invalid(cause, text);
  }
}

/**
 * @internal The first key that appears more than once at the top level of a JSON object text, or
 * `undefined`. `text` must already have been parsed by `JSON.parse` (so it is valid JSON, and its top-level
 * value an object): this only finds the keys, it does not validate.
 *
 * Why: `JSON.parse` keeps the last of repeated keys without telling, so `{"CHAT_TYPE":"MemoChat",…,
 * "CHAT_TYPE":"OpenMultiChat"}` would let an appended value override Kakao's, while the same repetition in a
 * query string or form is refused. No JSON.parse option exposes repetitions, hence this scan, which reads
 * only string boundaries and nesting depth (no numbers, literals or values), and decodes each top-level key
 * with `JSON.parse` itself, so `"\u0043HAT_TYPE"` and `"CHAT_TYPE"` are the same key. Nested objects are the
 * app's own values and are not checked.
 */
export function repeatedTopLevelKey(text: string): string | undefined {
  const seen = new Set<string>();
  let depth = 0;
  let keyNext = false;
  for (let index = 0; index < text.length; index++) {
    const char = text.charCodeAt(index);
    if (char === QUOTE) {
      const start = index;
      for (index++; text.charCodeAt(index) !== QUOTE; index++) {
        if (text.charCodeAt(index) === BACKSLASH) index++; // the escaped character cannot end the string
      }
      if (depth === 1 && keyNext) {
        const key = JSON.parse(text.slice(start, index + 1)) as string;
        if (seen.has(key)) return key;
        seen.add(key);
        keyNext = false;
      }
    } else if (char === OPEN_BRACE || char === OPEN_BRACKET) {
      depth++;
      keyNext = depth === 1;
    } else if (char === CLOSE_BRACE || char === CLOSE_BRACKET) {
      depth--;
    } else if (char === COMMA && depth === 1) {
      keyNext = true;
    }
  }
  return undefined;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;

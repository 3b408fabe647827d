/** @internal A command found at the start of a message. */
export interface ParsedCommand {
  /** The name, lower-cased, without the slash: `help` for `/Help`. */
  readonly name: string;
  /** What followed `@` in `/help@name`, lower-cased; `undefined` without one. */
  readonly mention: string | undefined;
  /** The rest of the text, trimmed: `'hi there'` for `/echo  hi there `; `''` for none. */
  readonly args: string;
}

let lastText: string | undefined;
let lastCommand: ParsedCommand | undefined;

/**
 * @internal Reads `/name[@mention] [args]` at the start of `text` (leading whitespace ignored). The name
 * runs up to the first whitespace or `@`; a text whose first word is `/` alone or `/@…` is no command.
 * The last text's answer is kept: every `command()` of a bot asks about the same text, so it is read once
 * per event however many commands there are (the answer depends on the text alone).
 */
export function parseCommand(text: string): ParsedCommand | undefined {
  if (text === lastText) return lastCommand;
  lastText = text;
  lastCommand = read(text);
  return lastCommand;
}

/** Leading whitespace, the slash, and the word after it (up to whitespace). */
const COMMAND = /^\s*\/(\S*)/u;

function read(text: string): ParsedCommand | undefined {
  const found = COMMAND.exec(text);
  if (found === null) return undefined;
  const word = found[1] as string;
  const at = word.indexOf('@');
  const name = (at === -1 ? word : word.slice(0, at)).toLowerCase();
  if (name === '') return undefined;
  const mention = at === -1 ? undefined : word.slice(at + 1).toLowerCase();
  return { name, mention, args: text.slice(found[0].length).trim() };
}

/**
 * @internal The names given to `command()`, lower-cased, a leading `/` dropped.
 * @throws {TypeError} When a name is not a non-empty string, or contains whitespace or `@`.
 */
export function commandNames(names: unknown): ReadonlySet<string> {
  const list: unknown[] = Array.isArray(names) ? names : [names];
  if (list.length === 0) throw badName(names);
  const set = new Set<string>();
  for (const one of list) {
    if (typeof one !== 'string') throw badName(one);
    const name = (one.startsWith('/') ? one.slice(1) : one).toLowerCase();
    if (name === '' || /[\s@]/u.test(name)) throw badName(one);
    set.add(name);
  }
  return set;
}

function badName(name: unknown): TypeError {
  const shown = typeof name === 'string' ? JSON.stringify(name.slice(0, 40)) : typeof name;
  return new TypeError(
    `[momotalk-bot-sdk] command: ${shown} is not a command name; pass a name without spaces or '@', e.g. command('help') or command(['start', 'help']).`,
  );
}

import type { CliIo } from './cli-io.js';
import { CliUsageError } from './cli-usage-error.js';

/**
 * The bytes to sign or verify: the file named by the first positional argument, or stdin when it is
 * `-` or absent (and stdin is piped).
 *
 * @example
 * ```ts
 * const body = await readInput(positionals, io, 'sign');
 * ```
 */
export async function readInput(
  positionals: readonly string[],
  io: CliIo,
  command: string,
): Promise<Uint8Array> {
  if (positionals.length > 1)
    throw new CliUsageError(`${command} takes one file (got ${positionals.length}).`);
  const [file] = positionals;
  if (file === undefined || file === '-') {
    if (file === undefined && io.stdinIsTTY) {
      throw new CliUsageError(
        `Give ${command} a file, or pipe the body in: cat body.json | momotalk-bot ${command}`,
      );
    }
    return io.readStdin();
  }
  try {
    return await io.readFile(file);
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new CliUsageError(
      `Cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : String(code ?? error)}.`,
    );
  }
}

/**
 * Hints printed with a signature: the byte count, and the commonest cause of a mismatch (a trailing
 * newline an editor or `echo` added, which is signed too).
 *
 * @example
 * ```ts
 * for (const line of bodyHints(bytes)) io.err(line);
 * ```
 */
export function bodyHints(bytes: Uint8Array): string[] {
  const hints = [`Body: ${bytes.byteLength} bytes.`];
  if (bytes.at(-1) === 0x0a) {
    hints.push(
      'Note: the body ends with a newline, which is part of the signed bytes (echo -n / printf avoid it).',
    );
  }
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    hints.push('Note: the body starts with a UTF-8 BOM.');
  return hints;
}

import { readFile } from 'node:fs/promises';
import type { CliIo } from '../../src/cli/cli-io.js';
import { runCli } from '../../src/cli/run-cli.js';

/** Runs the CLI in-process with captured output, an optional stdin and environment. */
export async function cli(
  args: string[],
  options: {
    env?: Record<string, string>;
    stdin?: string;
    signal?: AbortSignal;
    onOut?: (line: string) => void;
  } = {},
) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    env: options.env ?? {},
    out: (line) => {
      out.push(line);
      options.onOut?.(line);
    },
    err: (line) => err.push(line),
    readStdin: async () => new TextEncoder().encode(options.stdin ?? ''),
    stdinIsTTY: options.stdin === undefined,
    readFile: async (path) => new Uint8Array(await readFile(path)),
    signal: options.signal,
  };
  const code = await runCli(args, io);
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

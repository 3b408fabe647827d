/**
 * What a command may touch besides its arguments: the environment, the output streams, stdin and
 * files. `main.ts` fills it from `process`; tests pass a fake to capture output.
 *
 * @example
 * ```ts
 * const io: CliIo = { env: {}, out: (t) => lines.push(t), err: (t) => errors.push(t), ...files };
 * ```
 */
export interface CliIo {
  /** The environment variables (`MOMOTALK_BOT_ID`, `MOMOTALK_BOT_TOKEN`, …). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Writes one line to stdout. */
  out(line: string): void;
  /** Writes one line to stderr. */
  err(line: string): void;
  /** The whole of stdin. */
  readStdin(): Promise<Uint8Array>;
  /** True when stdin is a terminal (so there is nothing piped to read). */
  readonly stdinIsTTY: boolean;
  /** The bytes of a file. */
  readFile(path: string): Promise<Uint8Array>;
  /** Aborted on Ctrl-C: long-running commands (`dev`) stop and resolve. */
  readonly signal?: AbortSignal | undefined;
}

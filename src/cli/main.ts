#!/usr/bin/env node
/**
 * The `momotalk-bot` command (the package's `bin`): wires {@link runCli} to the process.
 *
 * @module
 */
import { readFile } from 'node:fs/promises';
import { buffer } from 'node:stream/consumers';
import { runCli } from './run-cli.js';

const controller = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => controller.abort());
}

const code = await runCli(process.argv.slice(2), {
  env: process.env,
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  readStdin: async () => new Uint8Array(await buffer(process.stdin)),
  stdinIsTTY: process.stdin.isTTY === true,
  readFile: async (path) => new Uint8Array(await readFile(path)),
  signal: controller.signal,
});
process.exitCode = code;

// `npm start` as a test runs it: scripts/start.mjs (the emulator and an example bot) in a child process,
// on a free port, read until it prints the page's tokenised URL; stopped with SIGINT, as a person would.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

/** A running `npm start`: the page's URL (its origin and access token) and every line it printed. */
export interface NpmStart {
  readonly pageUrl: string;
  readonly origin: string;
  readonly token: string;
  readonly output: readonly string[];
  /** Stops it with SIGINT (start.mjs stops the bot and the emulator) and waits for it to exit. */
  stop(): Promise<void>;
}

/**
 * Runs `scripts/start.mjs …args` and resolves once it printed `Open <url> and …`; rejects with everything
 * it printed if it exits first.
 */
export async function startNpmStart(
  args: readonly string[] = [],
  env: NodeJS.ProcessEnv = {},
): Promise<NpmStart> {
  const child: ChildProcess = spawn(process.execPath, ['scripts/start.mjs', ...args], {
    env: { ...process.env, EMULATOR_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const output: string[] = [];
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGINT');
    await exited;
  };
  try {
    const match = await new Promise<RegExpExecArray>((resolve, reject) => {
      createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
        output.push(line);
        const found = /Open ((http:\/\/127\.0\.0\.1:\d+)\/\?token=([0-9a-f]{48})) and /.exec(line);
        if (found !== null) resolve(found);
      });
      child.once('exit', (code) => reject(new Error(`start.mjs exited with ${code}:\n${output.join('\n')}`)));
    });
    return {
      pageUrl: match[1] as string,
      origin: match[2] as string,
      token: match[3] as string,
      output,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

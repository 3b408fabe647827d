import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { sayHelloAndAwaitEcho } from './support.js';

// `npm start` end to end: scripts/start.mjs (building dist/ first if it is missing) starts the emulator
// and examples/echo-bot.mjs, which uses only the package's public entries.
describe('npm start (scripts/start.mjs)', () => {
  let child: ChildProcess | undefined;
  afterAll(() => {
    if (child?.exitCode === null) child.kill('SIGTERM'); // start.mjs stops the echo bot too
  });

  it('starts the emulator and the echo bot wired together, prints the tokenised URL, stops on SIGINT', async () => {
    child = spawn(process.execPath, ['scripts/start.mjs'], {
      env: { ...process.env, EMULATOR_PORT: '0' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const output: string[] = [];
    const { url, token } = await new Promise<{ url: string; token: string }>((resolve, reject) => {
      createInterface({ input: child?.stdout as NodeJS.ReadableStream }).on('line', (line) => {
        output.push(line);
        const match = /Open (http:\/\/127\.0\.0\.1:\d+)\/\?token=([0-9a-f]{48}) and say hello/.exec(line);
        if (match?.[1] !== undefined && match[2] !== undefined) resolve({ url: match[1], token: match[2] });
      });
      child?.once('exit', (code) =>
        reject(new Error(`start.mjs exited with ${code}:\n${output.join('\n')}`)),
      );
    });

    await sayHelloAndAwaitEcho(url, token);

    const exited = new Promise<number | null>((resolve) => child?.once('exit', (code) => resolve(code)));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  });
});

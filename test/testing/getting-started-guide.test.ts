// docs/getting-started.md, done the way the page says, in a fresh project outside this repository:
// its install commands (`npm init -y`, …), its bot.ts written as shown, `momotalk-bot dev`, then
// `node bot.ts` with the four variables dev printed, and a `hello` typed on the emulator's page.
//
// A new project starts with `npm init -y`, whatever the page says. Two deviations, both mechanical: `npm install momotalk-bot-sdk` links this repository's build instead of
// downloading the published package (no network in tests), and the ports are free ones instead of 3000 and
// 8787, which other programs on a shared machine may hold.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { sayHelloAndAwaitEcho } from '../emulator/support.js';
import { docCodeBlocks } from './doc-blocks.js';

const PAGE = 'docs/getting-started.md';
const built = existsSync('dist/cli.js') && existsSync('dist/index.js');
if (!built) console.warn(`\n⚠ SKIPPING ${PAGE} end to end: run npx tsup first (npm test builds).\n`);

/** The commands of the page's first sh block (the install step), one per line. */
function installCommands(): string[] {
  const block = /^```sh\n([\s\S]*?)^```/m.exec(readPage())?.[1] ?? '';
  return block
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

function readPage(): string {
  return readFileSync(PAGE, 'utf8');
}

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  await new Promise((done) => server.close(done));
  return port;
}

/** Starts a process and resolves with its stdout lines so far once `ready` matches one. */
function startUntil(child: ChildProcess, ready: RegExp, what: string): Promise<string[]> {
  const lines: string[] = [];
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((done, fail) => {
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      lines.push(line);
      if (ready.test(line)) done(lines);
    });
    child.once('exit', (code) =>
      fail(new Error(`${what} exited with ${code}:\n${lines.join('\n')}\n${stderr}`)),
    );
  });
}

describe.skipIf(!built)('getting started, as a new user follows it', () => {
  const project = mkdtempSync(join(tmpdir(), 'momotalk-getting-started-'));
  const children: ChildProcess[] = [];
  afterAll(() => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
    rmSync(project, { recursive: true, force: true });
  });

  it('the install step, bot.ts, momotalk-bot dev and node bot.ts: hello gets "Echo: hello"', async () => {
    // A new project starts with a package.json, as `npm init -y` makes it ("type": "commonjs" since npm 11).
    execFileSync('npm', ['init', '-y'], { cwd: project, stdio: 'pipe' });
    for (const command of installCommands()) {
      if (/^(mkdir|cd) /.test(command.split('&&')[0] ?? '')) continue; // the temp dir is the new project
      if (command === 'npm install momotalk-bot-sdk') {
        mkdirSync(join(project, 'node_modules'), { recursive: true });
        symlinkSync(resolve('.'), join(project, 'node_modules', 'momotalk-bot-sdk'), 'dir');
        continue;
      }
      const [program, ...args] = command.split(' ');
      execFileSync(String(program), args, { cwd: project, stdio: 'pipe' });
    }

    const [botCode] = docCodeBlocks(PAGE);
    expect(botCode).toContain('.listen(3000,');
    const botPort = await freePort();
    writeFileSync(join(project, 'bot.ts'), String(botCode).replace('.listen(3000,', `.listen(${botPort},`));

    const dev = spawn(
      process.execPath,
      [
        join(project, 'node_modules', 'momotalk-bot-sdk', 'dist', 'cli.js'),
        'dev',
        '--port',
        '0',
        '--callback-url',
        `http://127.0.0.1:${botPort}/momotalk/webhook`,
      ],
      { cwd: project, stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env.PATH ?? '' } },
    );
    children.push(dev);
    const printed = await startUntil(dev, /^Press Ctrl-C to stop\.$/, 'momotalk-bot dev');
    const pageUrl = new URL(String(/^MoMoTalk emulator: (\S+)/.exec(printed[0] ?? '')?.[1]));
    const botEnv = Object.fromEntries(
      printed
        .map((line) => /^ {2}(MOMOTALK_[A-Z_]+)=(\S+)$/.exec(line))
        .filter((match) => match !== null)
        .map((match) => [match[1], match[2]]),
    );
    expect(Object.keys(botEnv).sort()).toEqual([
      'MOMOTALK_API_BASE_URL',
      'MOMOTALK_BOT_ID',
      'MOMOTALK_BOT_TOKEN',
      'MOMOTALK_EMULATOR_URL',
      'MOMOTALK_WEBHOOK_SECRET',
    ]);

    const bot = spawn(process.execPath, ['bot.ts'], {
      cwd: project,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { PATH: process.env.PATH ?? '', ...botEnv },
    });
    children.push(bot);
    await startUntil(bot, /^Bot listening on /, 'node bot.ts');

    const token = String(pageUrl.searchParams.get('token'));
    await sayHelloAndAwaitEcho(pageUrl.origin, token);
  });
});

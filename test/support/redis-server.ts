import { type ChildProcess, spawn } from 'node:child_process';
import { connect, createServer } from 'node:net';
import { toolAvailable } from './index.js';

/** Where Debian's redis-server lives; override with REDIS_SERVER_BIN. */
export const REDIS_SERVER_BIN = process.env.REDIS_SERVER_BIN ?? '/usr/bin/redis-server';

/**
 * Whether the Redis tests can run. Without the binary they fail loudly on CI and are skipped loudly
 * elsewhere.
 */
export function redisAvailability(): { run: boolean } {
  return {
    run: toolAvailable(
      REDIS_SERVER_BIN,
      'the Redis idempotency tests',
      'apt-get install redis-server, or set REDIS_SERVER_BIN',
    ),
  };
}

/** A throwaway redis-server on a free loopback port, without persistence. */
export interface RedisServer {
  readonly port: number;
  readonly url: string;
  /** Kills the server (SIGKILL: a crash, nothing saved), waits `downMs`, starts a fresh one on the same port. */
  restart(downMs: number): Promise<void>;
  /** Freezes the server (SIGSTOP): connections stay open, nothing is answered. */
  pause(): void;
  /** Thaws a paused server (SIGCONT). */
  resume(): void;
  stop(): Promise<void>;
}

/**
 * Starts redis-server on a free loopback port and waits until it accepts connections. With
 * `appendOnlyDir`, every write is fsynced to an append-only file there (`appendfsync always`), so
 * `restart()` (a SIGKILL) keeps every acknowledged write, as a durable production Redis would.
 */
export async function startRedisServer(options: { appendOnlyDir?: string } = {}): Promise<RedisServer> {
  const port = await freePort();
  const spawnRedis = (at: number) => spawnRedisAt(at, options.appendOnlyDir);
  let child = await spawnRedis(port);
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    async restart(downMs) {
      await stopProcess(child, 'SIGKILL');
      await new Promise((resolve) => setTimeout(resolve, downMs));
      child = await spawnRedis(port);
    },
    pause: () => {
      child.kill('SIGSTOP');
    },
    resume: () => {
      child.kill('SIGCONT');
    },
    stop: () => stopProcess(child, 'SIGTERM'),
  };
}

async function spawnRedisAt(port: number, appendOnlyDir: string | undefined): Promise<ChildProcess> {
  const persistence =
    appendOnlyDir === undefined
      ? ['--appendonly', 'no']
      : ['--appendonly', 'yes', '--appendfsync', 'always', '--dir', appendOnlyDir];
  const child = spawn(
    REDIS_SERVER_BIN,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', ...persistence, '--loglevel', 'warning'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  await waitForPort(port, child, () => output);
  return child;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, child: ChildProcess, output: () => string): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    if (child.exitCode !== null) throw new Error(`redis-server exited (${child.exitCode}): ${output()}`);
    if (await ping(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  child.kill('SIGKILL');
  throw new Error(`redis-server did not start on port ${port}: ${output()}`);
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data.toString().startsWith('+PONG'));
    });
    socket.once('error', () => resolve(false));
  });
}

function stopProcess(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}

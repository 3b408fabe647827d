import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RedisServer, redisAvailability, startRedisServer } from '../support/redis-server.js';

const { run } = redisAvailability();
const INSTANCE = fileURLToPath(new URL('../fixtures/session/signup-instance.mjs', import.meta.url));

/** A bot instance in its own process: `say(text)` resolves with what the bot sent for that message. */
async function startInstance(url: string) {
  const child: ChildProcess = spawn(process.execPath, [INSTANCE, url], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream })[Symbol.asyncIterator]();
  const nextLine = async () => {
    const line = await lines.next();
    if (line.done) throw new Error(`instance exited (${child.exitCode ?? child.signalCode})`);
    return JSON.parse(line.value) as { ready?: number; sent?: string[] };
  };
  expect((await nextLine()).ready).toBe(child.pid);
  return {
    child,
    async say(text: string) {
      child.stdin?.write(`${text}\n`);
      return (await nextLine()).sent;
    },
    kill: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
  };
}

describe.runIf(run)('conversations on a real redis-server, across processes', () => {
  let server: RedisServer;
  let redis: Redis;

  beforeAll(async () => {
    server = await startRedisServer();
    redis = new Redis(server.url, { maxRetriesPerRequest: 1 });
  });

  afterAll(async () => {
    await redis?.quit();
    await server?.stop();
  });

  it('starts on instance A, survives A being killed, and finishes on instance B with each step run once', async () => {
    const a = await startInstance(server.url);
    let b: Awaited<ReturnType<typeof startInstance>> | undefined;
    try {
      expect(await a.say('/signup')).toEqual(['이름을 알려주세요']);
      expect(await a.say('김모모')).toEqual(['나이는요?']);
      expect(await redis.get('steps:name')).toBe('1');
      await a.kill(); // SIGKILL: nothing flushed, no shutdown hook

      b = await startInstance(server.url);
      // B replays the journal: the asks and the first step are not run again.
      expect(await b.say('스무 살')).toEqual(['숫자로 보내주세요']);
      expect(await b.say('20')).toEqual(['환영합니다, 김모모님 (20)!']);
      expect(await redis.get('steps:name')).toBe('1');
      expect(await redis.get('steps:save')).toBe('1');
      // Finished: the state is gone, so the next message is not part of the flow.
      expect(await redis.keys('momotalk:session:conversation:*')).toEqual([]);
      expect(await b.say('hello')).toEqual([]);
    } finally {
      if (a.child.exitCode === null && a.child.signalCode === null) await a.kill();
      if (b !== undefined) await b.kill();
    }
  }, 60_000);
});

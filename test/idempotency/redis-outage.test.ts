// The two Redis setups of docs/scaling.md, run as written (only the package imports are pointed at src),
// against a Redis that is stopped and one that is paused (SIGSTOP): the process survives (an uncaught
// 'error' event would fail this run) and every delivery is answered 503 idempotency_unavailable within
// the bound, instead of hanging or taking 10 s.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { WebhookHandler } from '../../src/index.js';
import { createBotApiHandlers } from '../../src/testing/msw/index.js';
import { messageEvent, SECRET, signedRequest } from '../handler/support.js';
import { type RedisServer, redisAvailability, startRedisServer } from '../support/redis-server.js';

const { run } = redisAvailability();

const GUIDE = new URL('../../docs/scaling.md', import.meta.url);
const GENERATED = new URL('./.doc-examples/', import.meta.url);
/** dedupe.timeoutMs's default plus scheduling slack on a shared machine. */
const BOUND_MS = 3000 + 1500;

/** The first ```ts block after `heading` in docs/scaling.md, with its package imports pointed at src. */
function guideBlock(heading: string): string {
  const text = readFileSync(GUIDE, 'utf8');
  const after = text.slice(text.indexOf(heading));
  const match = /```ts\n([\s\S]*?)```/.exec(after);
  if (match?.[1] === undefined) throw new Error(`no code block after "${heading}" in docs/scaling.md`);
  return match[1]
    .replace("from 'momotalk-bot-sdk/redis'", "from '../../../src/idempotency/redis-store.js'")
    .replace("from 'momotalk-bot-sdk'", "from '../../../src/index.js'");
}

interface GuideModule {
  readonly handler: WebhookHandler;
  readonly redis: { quit?(): Promise<unknown>; disconnect?(): unknown; destroy?(): unknown };
}

// The ioredis example replies through the Bot API: answered by msw here.
const api = setupServer(...createBotApiHandlers({ botId: 'bot_test', token: 'test-token' }).handlers);
beforeAll(() => api.listen());
afterAll(() => api.close());

let loaded = 0;
/** Writes the block to a module under test/idempotency/.doc-examples and imports it. */
async function loadGuide(heading: string, redisUrl: string): Promise<GuideModule> {
  vi.stubEnv('REDIS_URL', redisUrl);
  vi.stubEnv('MOMOTALK_WEBHOOK_SECRET', SECRET);
  vi.stubEnv('MOMOTALK_BOT_ID', 'bot_test');
  vi.stubEnv('MOMOTALK_BOT_TOKEN', 'test-token');
  mkdirSync(GENERATED, { recursive: true });
  const file = new URL(`guide-${++loaded}.ts`, GENERATED);
  writeFileSync(file, guideBlock(heading));
  return (await import(/* @vite-ignore */ file.href)) as GuideModule;
}

async function timedDelivery(handler: WebhookHandler, id: string) {
  const began = performance.now();
  const response = await handler(signedRequest(messageEvent(id)));
  return { status: response.status, body: await response.text(), ms: performance.now() - began };
}

describe.runIf(run).each([
  ['ioredis', 'With [ioredis]'],
  ['node-redis', 'With [node-redis]'],
] as const)('docs/scaling.md, %s setup, Redis failing', (_name, heading) => {
  let server: RedisServer | undefined;
  let guide: GuideModule | undefined;

  afterEach(async () => {
    server?.resume();
    guide?.redis.disconnect?.();
    guide?.redis.destroy?.();
    await server?.stop();
    server = undefined;
    guide = undefined;
    vi.unstubAllEnvs();
  });

  afterAll(() => {
    rmSync(GENERATED, { recursive: true, force: true });
  });

  it('Redis stopped: the process survives and deliveries get 503 idempotency_unavailable within the bound', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    vi.spyOn(console, 'error').mockImplementation(() => {});
    server = await startRedisServer();
    guide = await loadGuide(heading, server.url);
    expect((await timedDelivery(guide.handler, `evt_up_${heading.length}`)).status).toBe(200);
    await server.stop();
    await new Promise((resolve) => setTimeout(resolve, 300)); // reconnect attempts start failing
    for (let index = 0; index < 3; index++) {
      const answer = await timedDelivery(guide.handler, `evt_down_${index}`);
      expect(answer.status).toBe(503);
      expect(answer.body).toBe('{"error":"idempotency_unavailable"}');
      expect(answer.ms).toBeLessThan(BOUND_MS);
    }
    expect(warn).toHaveBeenCalled(); // the guide's 'error' listener saw the outage
  });

  it('Redis paused (SIGSTOP): deliveries get 503 within the bound instead of hanging', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    vi.spyOn(console, 'error').mockImplementation(() => {});
    server = await startRedisServer();
    guide = await loadGuide(heading, server.url);
    const { handler } = guide;
    expect((await timedDelivery(handler, 'evt_before_pause')).status).toBe(200);
    server.pause();
    const answers = await Promise.all(
      [0, 1, 2].map((index) => timedDelivery(handler, `evt_paused_${index}`)),
    );
    for (const answer of answers) {
      expect(answer.status).toBe(503);
      expect(answer.body).toBe('{"error":"idempotency_unavailable"}');
      expect(answer.ms).toBeLessThan(BOUND_MS);
    }
  });
});

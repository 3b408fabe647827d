// The Redis block of docs/sessions.md ("Storage"), run as the page shows it (written to a file and imported,
// the package's specifiers pointing at src/) against a real redis-server, REDIS_URL pointing at it: the
// session lives in Redis as one `<version>|<json>` string under `momotalk:session:`, as the page says.
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Bot } from '../../src/bot/bot.js';
import type { Context } from '../../src/bot/context.js';
import type { SessionFlavor } from '../../src/bot/session/session.js';
import { createMessageCreatedEvent } from '../../src/testing/create-message-created-event.js';
import { createBotApiHandlers } from '../../src/testing/msw/bot-api-handlers.js';
import { type RedisServer, redisAvailability, startRedisServer } from '../support/redis-server.js';
import { docCodeBlocks, writeDocBlock } from '../testing/doc-blocks.js';

const { run } = redisAvailability();
const BOT_ID = 'bot_sessions_redis_guide';
const TOKEN = 'sessions-redis-guide-token';
const api = createBotApiHandlers({ botId: BOT_ID, token: TOKEN, baseUrl: 'https://bot-api.test/api' });
const server = setupServer(...api.handlers);

type Guide = {
  bot: Bot<Context & SessionFlavor<{ count: number }>>;
  redis: { get(key: string): Promise<string | null>; quit(): Promise<unknown> };
};

describe.runIf(run)("the guide's RedisSessionStorage block on a real redis-server", () => {
  let redisServer: RedisServer;
  let guide: Guide;

  beforeAll(async () => {
    redisServer = await startRedisServer();
    vi.stubEnv('REDIS_URL', redisServer.url);
    vi.stubEnv('MOMOTALK_BOT_ID', BOT_ID);
    vi.stubEnv('MOMOTALK_BOT_TOKEN', TOKEN);
    vi.stubEnv('MOMOTALK_API_BASE_URL', api.baseUrl);
    server.listen({ onUnhandledFrame: 'error' });
    const block = docCodeBlocks('docs/sessions.md').find((code) => code.includes('new RedisSessionStorage'));
    guide = (await import(writeDocBlock(block ?? '', 'sessions-redis'))) as Guide;
  });

  afterAll(async () => {
    await guide?.redis.quit();
    server.close();
    vi.unstubAllEnvs();
    await redisServer?.stop();
  });

  it('keeps the count in Redis, one <version>|<json> string per room under momotalk:session:', async () => {
    guide.bot.command('count', async (ctx) => {
      const session = await ctx.session;
      session.count += 1;
      await ctx.reply(`${session.count}`);
    });
    for (const n of [1, 2, 3]) {
      await guide.bot.handleEvent(
        createMessageCreatedEvent({
          bot_id: BOT_ID,
          event_id: `evt_redis_guide_${n}`,
          message: { room_id: 42, body: '/count' },
        }),
      );
    }
    expect(api.messages.map((message) => message.body)).toEqual(['1', '2', '3']);
    const stored = await guide.redis.get(`momotalk:session:${BOT_ID}:room:42`);
    expect(stored).toMatch(/^[^|]+\|\{"count":3\}$/);
  });
});

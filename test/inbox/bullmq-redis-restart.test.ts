import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toSendMessageResult } from '../../src/client/send-message-result.js';
import { createBullMQInbox, createInboxWorker } from '../../src/inbox/index.js';
import type { ReplyClient } from '../../src/index.js';
import { createWebhookHandler } from '../../src/index.js';
import { createMessageCreatedEvent } from '../../src/testing/create-message-created-event.js';
import { createSignedRequest } from '../../src/testing/create-signed-request.js';
import { BOT_ID, SECRET } from '../support/index.js';
import { type RedisServer, redisAvailability, startRedisServer } from '../support/redis-server.js';

const { run } = redisAvailability();
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe.runIf(run)('the inbox while Redis restarts (append-only file, fsync always)', () => {
  let redis: RedisServer;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'inbox-aof-'));
    redis = await startRedisServer({ appendOnlyDir: dir });
  });
  afterAll(async () => {
    await redis?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers 503 while Redis is down; once redelivered, every event is replied to exactly once', async () => {
    const replies = new Map<string, number>();
    const client: ReplyClient = {
      sendMessage: () => Promise.reject(new Error('not used')),
      reply: async (_event, body) => {
        replies.set(body, (replies.get(body) ?? 0) + 1);
        return toSendMessageResult(new Response('{}', { status: 200 }), '{}');
      },
    };
    let unknown = 0;
    const connection = { host: '127.0.0.1', port: redis.port, enableOfflineQueue: false };
    const inbox = createBullMQInbox({ connection, name: 'restart' });
    const handler = createWebhookHandler({
      secret: SECRET,
      inbox,
      client,
      dedupe: { timeoutMs: 1000 },
      onError: () => {},
    }).on('talk.message_created', (event, ctx) => ctx.reply(event.event_id).then(() => undefined));
    const worker = createInboxWorker({
      inbox: createBullMQInbox({ connection: { host: '127.0.0.1', port: redis.port }, name: 'restart' }),
      handler,
      backoffMs: 50,
      maxAttempts: 50,
      lockDurationMs: 1000,
      stalledIntervalMs: 300,
      sweepIntervalMs: 300,
      onUnknownOutcome: () => {
        unknown++;
        return 'skip';
      },
      onError: () => {},
    });
    await worker.ready();

    const ids = Array.from({ length: 300 }, (_, n) => `evt_restart_${n}`);
    const deliver = async (id: string, n: number) => {
      const event = createMessageCreatedEvent({ bot_id: BOT_ID, event_id: id, message: { room_id: n % 10 } });
      return (await handler(await createSignedRequest(event, SECRET))).status;
    };
    const refused: string[] = [];
    const statuses = new Set<number>();
    const restart = (async () => {
      await sleep(150);
      await redis.restart(1500);
    })();
    for (const [n, id] of ids.entries()) {
      const status = await deliver(id, n);
      statuses.add(status);
      if (status !== 200) refused.push(id);
      await sleep(8);
    }
    await restart;
    expect(statuses).toEqual(new Set([200, 503])); // some stored, some refused while down
    // The platform redelivers what was refused.
    for (const [n, id] of ids.entries()) {
      if (refused.includes(id)) expect(await deliver(id, n)).toBe(200);
    }
    const end = Date.now() + 30_000;
    while (replies.size + unknown < ids.length && Date.now() < end) await sleep(50);
    await worker.close();
    await inbox.close();

    const duplicates = [...replies.values()].filter((count) => count > 1);
    expect(duplicates).toEqual([]);
    expect(replies.size).toBeGreaterThanOrEqual(ids.length - unknown);
    for (const id of ids) if (!replies.has(id)) expect(unknown).toBeGreaterThan(0);
  }, 60_000);
});

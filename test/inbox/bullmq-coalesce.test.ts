// The inbox's optional coalescing window (issue 19) on a real redis-server: the rule, the wait (a delayed
// lane job, no run counted), a failing group retried as one, and the state a worker killed mid-group
// leaves behind. Stored timestamps are set with a fake Date while events are stored (never while a worker
// runs), so the window is decided by them, not by a sleep racing it.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { BotClient } from '../../src/client/bot-client.js';
import { INBOX_LANES } from '../../src/inbox/bullmq-inbox.js';
import {
  createBullMQInbox,
  createInboxWorker,
  type InboxWorker,
  LEDGER_HEADER,
} from '../../src/inbox/index.js';
import { ledgeredClient } from '../../src/inbox/send-ledger.js';
import { createWebhookHandler, type MessageCreatedEvent, type WebhookHandler } from '../../src/index.js';
import { createMessageCreatedEvent } from '../../src/testing/create-message-created-event.js';
import { createSignedRequest } from '../../src/testing/create-signed-request.js';
import { BOT_ID, SECRET } from '../support/index.js';
import { type RedisServer, redisAvailability, startRedisServer } from '../support/redis-server.js';

const { run } = redisAvailability();
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await sleep(20);
  }
}

/** A time well in the past: every window of events stored around it has closed by the time workers run. */
const T0 = Date.now() - 3_600_000;
let sequence = 0;

function message(room: number, body: string, sender = 'user_alice'): MessageCreatedEvent {
  return createMessageCreatedEvent({
    bot_id: BOT_ID,
    event_id: `evt_${room}_${++sequence}`,
    message: { room_id: room, body, sender_user_id: sender },
  }) as MessageCreatedEvent;
}

/** How to restamp an entry of a test's inbox (by its webhook): the inbox stamps entries with Redis's clock. */
const restamp = new WeakMap<WebhookHandler, (id: string, at: number) => Promise<unknown>>();

/**
 * Delivers `event` to the webhook, then stamps the stored entry as if it arrived `ms` after T0 (entries are
 * stamped by Redis's clock, so the test sets the stamp it needs directly).
 */
async function deliverAt(webhook: WebhookHandler, ms: number, event: MessageCreatedEvent): Promise<void> {
  const response = await webhook(await createSignedRequest(event, SECRET));
  expect(response.status).toBe(200);
  await restamp.get(webhook)?.(`momotalk:${BOT_ID}:${event.event_id}`, T0 + ms);
}

/** The Bot API stand-in: counts posts per body and answers each with a message id. */
function startBotApi() {
  const posts: string[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => {
      body += chunk.toString();
    });
    request.on('end', () => {
      posts.push((JSON.parse(body) as { body: string }).body);
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ message_id: `m${posts.length}` }));
    });
  });
  return { server, posts };
}

describe.runIf(run)('the BullMQ inbox with coalesce, on a real redis-server', () => {
  let redis: RedisServer;
  let api: ReturnType<typeof startBotApi>;
  let client: BotClient;
  let queue = 0;
  let stamper: Redis;
  const workers: InboxWorker[] = [];
  const closers: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    redis = await startRedisServer();
    stamper = new Redis(redis.port, '127.0.0.1');
    api = startBotApi();
    await new Promise<void>((resolve) => api.server.listen(0, '127.0.0.1', resolve));
    const { port } = api.server.address() as AddressInfo;
    client = new BotClient({
      botId: BOT_ID,
      token: 'mmt_token_for_tests_only',
      baseUrl: `http://127.0.0.1:${port}/api`,
      retry: false,
    });
  });
  afterEach(async () => {
    vi.useRealTimers();
    for (const worker of workers.splice(0)) await worker.close();
    for (const close of closers.splice(0)) await close();
    api.posts.length = 0;
  });
  afterAll(async () => {
    await new Promise<void>(
      (resolve) => (api?.server as Server | undefined)?.close(() => resolve()) ?? resolve(),
    );
    stamper?.disconnect();
    await redis?.stop();
  });

  function newInbox() {
    const inbox = createBullMQInbox({
      connection: { host: '127.0.0.1', port: redis.port },
      name: `coalesce-test-${process.pid}-${++queue}`,
    });
    closers.push(() => inbox.close());
    const webhook = createWebhookHandler({ secret: SECRET, inbox, dedupe: false });
    restamp.set(webhook, (id, at) => stamper.hset(`bull:${inbox.name}:inbox:e:${id}`, 'at', at));
    return { inbox, webhook };
  }

  /** A handler recording each run per room: the coalesced bodies, then `>` and the latest's. */
  function recorder() {
    const runs: string[] = [];
    const handler = createWebhookHandler({ secret: SECRET, client }).on(
      'talk.message_created',
      (event, ctx) => {
        runs.push(
          `${event.message.room_id}:${[...ctx.coalesced.map((e) => e.message.body), `>${event.message.body}`].join(',')}`,
        );
      },
    );
    return { runs, handler };
  }

  it('coalesces a burst stored within the window into one run; events further apart and other senders run on their own, in order', async () => {
    const { inbox, webhook } = newInbox();
    const { runs, handler } = recorder();
    await deliverAt(webhook, 0, message(1, 'hey'));
    await deliverAt(webhook, 400, message(1, 'quick question'));
    await deliverAt(webhook, 900, message(1, '…'));
    await deliverAt(webhook, 0, message(2, 'a1'));
    await deliverAt(webhook, 1500, message(2, 'a2'));
    await deliverAt(webhook, 0, message(3, 'x', 'user_alice'));
    await deliverAt(webhook, 100, message(3, 'y', 'user_bob'));
    await deliverAt(webhook, 200, message(3, 'z', 'user_alice'));
    workers.push(createInboxWorker({ inbox, handler, concurrency: 3, coalesce: { windowMs: 1000 } }));
    await until(() => runs.length >= 6);
    await sleep(200); // nothing more runs: the coalesced ones were acknowledged with their group
    expect(runs.filter((line) => line.startsWith('1:'))).toEqual(['1:hey,quick question,>…']);
    expect(runs.filter((line) => line.startsWith('2:'))).toEqual(['2:>a1', '2:>a2']);
    expect(runs.filter((line) => line.startsWith('3:'))).toEqual(['3:>x', '3:>y', '3:>z']);
    const lanes = await INBOX_LANES.get(inbox)?.();
    expect(await lanes?.lanes()).toEqual([]);
  });

  it("stamps entries with Redis's clock: a webhook host whose clock runs a minute ahead does not hold the room", async () => {
    // Stamped by the webhook's clock, the entry looked a minute younger than the worker's now: the room
    // waited out the window again and again, about a minute in all.
    const { inbox, webhook } = newInbox();
    const { runs, handler } = recorder();
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 60_000 });
    try {
      const response = await webhook(await createSignedRequest(message(8, 'from the future'), SECRET));
      expect(response.status).toBe(200);
    } finally {
      vi.useRealTimers();
    }
    workers.push(createInboxWorker({ inbox, handler, coalesce: { windowMs: 200 } }));
    await until(() => runs.length >= 1, 5_000);
    expect(runs).toEqual(['8:>from the future']);
  });

  it('is off by default: the same burst runs message by message', async () => {
    const { inbox, webhook } = newInbox();
    const { runs, handler } = recorder();
    await deliverAt(webhook, 0, message(4, 'hey'));
    await deliverAt(webhook, 400, message(4, 'quick question'));
    await deliverAt(webhook, 900, message(4, '…'));
    workers.push(createInboxWorker({ inbox, handler }));
    await until(() => runs.length >= 3);
    await sleep(200);
    expect(runs).toEqual(['4:>hey', '4:>quick question', '4:>…']);
  });

  it('while the window of the newest message is open, the room waits as a delayed lane job, with no run counted', async () => {
    const { inbox, webhook } = newInbox();
    const { runs, handler } = recorder();
    const first = message(5, 'hey');
    expect((await webhook(await createSignedRequest(first, SECRET))).status).toBe(200);
    workers.push(createInboxWorker({ inbox, handler, coalesce: { windowMs: 60_000 } }));
    const probe = new Queue(inbox.name, { connection: { host: '127.0.0.1', port: redis.port } });
    closers.push(() => probe.close());
    await until(async () => (await probe.getDelayedCount()) === 1);
    const redisClient = await probe.getBackend().client;
    expect(
      await redisClient.hget(probe.toKey(`inbox:e:momotalk:${BOT_ID}:${first.event_id}`), 'attempts'),
    ).toBe('0');
    expect(runs).toEqual([]);
  });

  it('a failing group is retried as the same group: its confirmed reply is replayed from the ledger, not posted again', async () => {
    const { inbox, webhook } = newInbox();
    const runs: string[] = [];
    let failures = 1;
    const handler = createWebhookHandler({ secret: SECRET, client }).on(
      'talk.message_created',
      async (event, ctx) => {
        const sent = await ctx.reply(`answer to ${ctx.coalesced.length + 1}`);
        runs.push(
          `${[...ctx.coalesced.map((e) => e.message.body), event.message.body].join('+')}:${sent.headers.get(LEDGER_HEADER) ?? 'sent'}`,
        );
        if (failures-- > 0) throw new Error('handler bug');
      },
    );
    await deliverAt(webhook, 0, message(6, 'hey'));
    await deliverAt(webhook, 100, message(6, 'there'));
    workers.push(
      createInboxWorker({ inbox, handler, backoffMs: 10, coalesce: { windowMs: 1000 }, onError: () => {} }),
    );
    await until(() => runs.length >= 2);
    await sleep(200);
    expect(runs).toEqual(['hey+there:sent', 'hey+there:replayed']);
    expect(api.posts).toEqual(['answer to 2']);
    expect(await inbox.listDeadLetters()).toEqual([]);
  });

  it('after a worker died mid-group (group fixed, one reply confirmed), the next worker runs exactly that group, and a later partner on its own', async () => {
    const { inbox, webhook } = newInbox();
    const { runs, handler } = recorder();
    const hey = message(7, 'hey');
    const there = message(7, 'there');
    await deliverAt(webhook, 0, hey);
    await deliverAt(webhook, 100, there);
    // What a worker killed -9 mid-run leaves in Redis: the head's run counted, the group fixed on it, and
    // the latest's first reply confirmed in the ledger (keyed by the latest event's entry id).
    const lanes = await INBOX_LANES.get(inbox)?.();
    if (lanes === undefined) throw new Error('no lanes');
    const lane = `momotalk:${BOT_ID}:room:7`;
    const window = await lanes.window(lane, 10);
    expect(window?.next.map((entry) => entry.id)).toEqual([`momotalk:${BOT_ID}:${there.event_id}`]);
    expect(await lanes.fixGroup(window?.head.id ?? '', 2)).toBe(2);
    // A second worker planning after a lost lock gets the group that stands, not its own plan.
    expect(await lanes.fixGroup(window?.head.id ?? '', 3)).toBe(2);
    await ledgeredClient(client, lanes, `momotalk:${BOT_ID}:${there.event_id}`, () => 'skip').reply(
      there,
      'hi',
    );
    expect(api.posts).toEqual(['hi']);
    // A partner within the window of "there" arrives before the next worker starts: it must not join.
    await deliverAt(webhook, 200, message(7, 'late'));
    const replies: string[] = [];
    const replying = createWebhookHandler({ secret: SECRET, client }).on(
      'talk.message_created',
      async (event, ctx) => {
        const sent = await ctx.reply(event.message.body === 'there' ? 'hi' : `re ${event.message.body}`);
        replies.push(sent.headers.get(LEDGER_HEADER) ?? 'sent');
        await handler.handleEvent(event, { coalesced: ctx.coalesced });
      },
    );
    workers.push(createInboxWorker({ inbox, handler: replying, coalesce: { windowMs: 1000 } }));
    await until(() => runs.length >= 2);
    await sleep(200);
    expect(runs).toEqual(['7:hey,>there', '7:>late']);
    expect(replies).toEqual(['replayed', 'sent']);
    expect(api.posts).toEqual(['hi', 're late']);
  });

  it('dead-letters every event of a group that failed maxAttempts times, in lane order', async () => {
    const { inbox, webhook } = newInbox();
    const handler = createWebhookHandler({ secret: SECRET }).on('talk.message_created', () => {
      throw new TypeError('cannot handle');
    });
    const x = message(8, 'x');
    const y = message(8, 'y');
    await deliverAt(webhook, 0, x);
    await deliverAt(webhook, 100, y);
    workers.push(
      createInboxWorker({
        inbox,
        handler,
        maxAttempts: 2,
        backoffMs: 10,
        coalesce: { windowMs: 1000 },
        onError: () => {},
      }),
    );
    await until(async () => (await inbox.listDeadLetters()).length === 2);
    const letters = await inbox.listDeadLetters();
    expect(letters.map((letter) => [letter.id, letter.attempts, letter.error])).toEqual([
      [`momotalk:${BOT_ID}:${x.event_id}`, 2, 'TypeError: cannot handle'],
      [`momotalk:${BOT_ID}:${y.event_id}`, 2, 'TypeError: cannot handle'],
    ]);
  });
});

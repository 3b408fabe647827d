// Reliability evidence (redelivery): redelivery and concurrency. A simulated platform delivers events at least once to two
// handler instances sharing a real redis-server: concurrent duplicate copies to both instances, redelivery
// until a 200 (with a delivery timeout), a Redis crash-restart in the middle, handlers that throw on their
// first run and handlers whose process "dies" (never returns, claim left behind). Every event must be
// acknowledged and processed (completed) exactly once; none lost. RELIABILITY_SCALE multiplies the events.
import { createHmac } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisIdempotencyStore } from '../../src/idempotency/redis-store.js';
import {
  createWebhookHandler,
  type WebhookHandler,
} from '../../src/momotalk/handler/create-webhook-handler.js';
import { type RedisServer, redisAvailability, startRedisServer } from '../support/redis-server.js';
import { Prng, SCALE, SEED } from './support/prng.js';
import { writeReport } from './support/report.js';

const { run } = redisAvailability();
const SECRET = 'redelivery-secret';
const EVENTS = 300 * SCALE;
const CONCURRENCY = 32;
/** The platform gives up waiting for an answer after this long and redelivers. */
const PLATFORM_TIMEOUT_MS = 400;
/** A dead instance's claim expires after this; a redelivery then runs the event. */
const CLAIM_TTL_MS = 1000;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

type Fate = 'normal' | 'throws-first' | 'dies-first';

describe.runIf(run)('redelivery: two instances, one Redis, a Redis restart, crashing handlers', () => {
  let redis: RedisServer;
  const clients: Redis[] = [];

  beforeAll(async () => {
    redis = await startRedisServer();
  });

  afterAll(async () => {
    for (const client of clients) client.disconnect();
    await redis?.stop();
  });

  it('processes every event exactly once and loses none', async () => {
    const rng = new Prng(SEED ^ 0xbeef);
    const fates: Fate[] = Array.from({ length: EVENTS }, () =>
      rng.chance(0.05) ? 'throws-first' : rng.chance(0.01) ? 'dies-first' : 'normal',
    );
    const started = new Map<string, number>();
    const completed = new Map<string, number[]>(); // event id → the Redis "epoch" of each completion
    const statuses: Record<string, number> = {};
    const onErrorPhases: Record<string, number> = {};
    let epoch = 0; // bumps at each Redis restart (its data is gone: no persistence, as configured)

    const makeInstance = (name: string): WebhookHandler => {
      // Fail fast while Redis is down (no offline queue): the handler then answers 503 at once.
      const client = new Redis(redis.url, {
        maxRetriesPerRequest: 0,
        enableOfflineQueue: false,
        retryStrategy: () => 50,
        lazyConnect: false,
      });
      client.on('error', () => {});
      clients.push(client);
      return createWebhookHandler({
        secret: SECRET,
        dedupe: {
          store: new RedisIdempotencyStore({ client, keyPrefix: 'redelivery:' }),
          claimTtlMs: CLAIM_TTL_MS,
        },
        onError: (_error, info) => {
          const key = `${name} ${info.phase}`;
          onErrorPhases[key] = (onErrorPhases[key] ?? 0) + 1;
        },
      }).on('talk.message_created', async (event) => {
        const id = event.event_id;
        const runs = (started.get(id) ?? 0) + 1;
        started.set(id, runs);
        const fate = fates[Number(id.slice(4))] ?? 'normal';
        await sleep(rng.int(0, 8));
        if (runs === 1 && fate === 'throws-first') throw new Error('handler crashed mid-event');
        if (runs === 1 && fate === 'dies-first') await new Promise(() => {}); // the process died here
        completed.set(id, [...(completed.get(id) ?? []), epoch]);
      });
    };
    const instances = [makeInstance('A'), makeInstance('B')];
    await Promise.all(
      clients.map((client) =>
        client.status === 'ready' ? undefined : new Promise((resolve) => client.once('ready', resolve)),
      ),
    );

    const deliverOnce = async (body: string, signature: string, eventId: string): Promise<string> => {
      const instance = instances[rng.int(0, 1)] as WebhookHandler;
      const request = new Request('https://bot.example/webhook', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-momotalk-event-id': eventId,
          'x-momotalk-bot-signature': signature,
        },
        body,
      });
      const answer = await Promise.race([
        instance(request).then((response) => String(response.status)),
        sleep(PLATFORM_TIMEOUT_MS).then(() => 'timeout'),
      ]);
      statuses[answer] = (statuses[answer] ?? 0) + 1;
      return answer;
    };

    const acked = new Set<string>();
    let deliveries = 0;
    let maxAttempts = 0;
    const episode = async (index: number) => {
      const eventId = `evt_${index}`;
      const body = JSON.stringify({
        event_id: eventId,
        event_type: 'talk.message_created',
        bot_id: 'bot_redelivery',
        timestamp: 1_780_833_600,
        message: {
          room_id: index,
          message_id: index,
          sender_user_id: 'u',
          body: 'hi',
          message_type: 'TEXT',
          created_at: 1,
        },
      });
      const signature = createHmac('sha256', SECRET).update(body).digest('hex');
      for (let attempt = 1; attempt <= 100; attempt++) {
        // At-least-once: sometimes 2–3 copies at once, to either instance.
        const copies = attempt === 1 && rng.chance(0.3) ? rng.int(2, 3) : 1;
        deliveries += copies;
        const answers = await Promise.all(
          Array.from({ length: copies }, () => deliverOnce(body, signature, eventId)),
        );
        if (answers.includes('200')) {
          acked.add(eventId);
          maxAttempts = Math.max(maxAttempts, attempt);
          return;
        }
        await sleep(rng.int(20, 60)); // the platform's redelivery delay
      }
    };

    // The platform: CONCURRENCY events in flight; Redis crashes and restarts once 40% are acknowledged.
    const restartAt = Math.floor(EVENTS * 0.4);
    let restarted: Promise<void> | undefined;
    let next = 0;
    const worker = async () => {
      while (next < EVENTS) {
        const index = next++;
        await episode(index);
        if (restarted === undefined && acked.size >= restartAt) {
          restarted = redis.restart(300).then(() => {
            epoch += 1;
          });
        }
      }
    };
    const begun = performance.now();
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    await restarted;
    const elapsedMs = performance.now() - begun;

    const lost = fates.map((_, index) => `evt_${index}`).filter((id) => !acked.has(id) || !completed.has(id));
    const twice = [...completed.entries()].filter(([, epochs]) => epochs.length > 1);
    // A restart of a Redis without persistence forgets processed keys: a duplicate copy processed on both
    // sides of it is the store's data loss, not the handler's. Anything else is a real duplicate.
    const acrossRestart = twice.filter(([, epochs]) => new Set(epochs).size > 1);
    const realDuplicates = twice.filter(([, epochs]) => new Set(epochs).size === 1);
    const summary = {
      events: EVENTS,
      deliveries,
      statuses,
      onErrorPhases,
      fates: {
        throwsFirst: fates.filter((f) => f === 'throws-first').length,
        diesFirst: fates.filter((f) => f === 'dies-first').length,
      },
      redisRestarts: epoch,
      acknowledged: acked.size,
      completedOnce: [...completed.values()].filter((epochs) => epochs.length === 1).length,
      lost: lost.length,
      duplicates: realDuplicates.length,
      duplicatesAcrossRestart: acrossRestart.length,
      maxAttemptsForOneEvent: maxAttempts,
      elapsedMs: Math.round(elapsedMs),
    };
    writeReport('redelivery', summary);

    expect(epoch).toBe(1);
    expect(lost).toEqual([]);
    expect(realDuplicates).toEqual([]);
    // While Redis was down the handlers answered 503 (not 200 without dedupe, not a crash).
    expect(statuses['503'] ?? 0).toBeGreaterThan(0);
    expect(summary.completedOnce + acrossRestart.length).toBe(EVENTS);
  }, 120_000);
});

// Inbox workers traced on the BullMQ inbox against a real redis-server: the trace context crosses Redis in
// the entry's payload, and the worker's job span is linked to the webhook's enqueue span.
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BotClient } from '../../src/client/bot-client.js';
import { createBullMQInbox, createInboxWorker } from '../../src/inbox/index.js';
import { createWebhookHandler } from '../../src/index.js';
import { createMessageCreatedEvent } from '../../src/testing/create-message-created-event.js';
import { createSignedRequest } from '../../src/testing/create-signed-request.js';
import { BOT_ID, SECRET } from '../support/index.js';
import { type RedisServer, redisAvailability, startRedisServer } from '../support/redis-server.js';
import { parentOf, recorder } from '../telemetry/support.js';

const { run } = redisAvailability();
const BASE_URL = 'https://bot.test/api';
const TOKEN = 'mmt_token_for_tests_only';
const BODY = 'a private message body';
const api = setupServer();
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe.runIf(run)('BullMQ inbox workers traced (OpenTelemetry, real redis-server)', () => {
  let server: RedisServer;
  beforeAll(async () => {
    server = await startRedisServer();
    api.listen({ onUnhandledFrame: 'error' });
  });
  afterAll(async () => {
    api.close();
    await server?.stop();
  });

  it('links the job span to the enqueue span; handler and send under the job; a failed run, then attempt 2', async () => {
    let sends = 0;
    api.use(
      http.post(`${BASE_URL}/bots/${BOT_ID}/messages`, () => {
        sends++;
        return HttpResponse.json({ message_id: `m${sends}` });
      }),
    );
    const { telemetry, finished } = recorder();
    const inbox = createBullMQInbox({
      connection: { host: '127.0.0.1', port: server.port },
      name: `inbox-telemetry-${process.pid}`,
    });
    const webhook = createWebhookHandler({ secret: SECRET, inbox, telemetry });
    const client = new BotClient({ botId: BOT_ID, token: TOKEN, baseUrl: BASE_URL, retry: false, telemetry });
    let failures = 1;
    const done: string[] = [];
    const handler = createWebhookHandler({ secret: SECRET, client }).on(
      'talk.message_created',
      async (e, ctx) => {
        await ctx.reply('echo');
        if (failures-- > 0) throw new RangeError('handler bug');
        done.push(e.event_id);
      },
    );
    const worker = createInboxWorker({ inbox, handler, telemetry, backoffMs: 10, onError: () => {} });
    try {
      await worker.ready();
      const event = createMessageCreatedEvent({
        bot_id: BOT_ID,
        event_id: 'evt_bull_1',
        message: { room_id: 5, body: BODY },
      });
      expect((await webhook(await createSignedRequest(event, SECRET))).status).toBe(200);
      const end = Date.now() + 15_000;
      while (finished().filter((span) => span.kind === SpanKind.CONSUMER).length < 2) {
        if (Date.now() > end) throw new Error('timed out waiting for two job spans');
        await sleep(20);
      }
    } finally {
      await worker.close();
      await inbox.close();
    }
    expect(done).toEqual(['evt_bull_1']);

    const spans = finished();
    const enqueue = spans.find((span) => span.name === 'momotalk.enqueue') as ReadableSpan;
    expect(enqueue.kind).toBe(SpanKind.PRODUCER);
    const jobs = spans
      .filter((span) => span.kind === SpanKind.CONSUMER)
      .sort(
        (a, b) => Number(a.attributes['momotalk.job.attempt']) - Number(b.attributes['momotalk.job.attempt']),
      );
    expect(jobs.map((span) => span.attributes['momotalk.job.attempt'])).toEqual([1, 2]);
    const [first, second] = jobs as [ReadableSpan, ReadableSpan];
    expect(first.name).toBe(`process inbox-telemetry-${process.pid}`);
    expect(first.status).toEqual({ code: SpanStatusCode.ERROR, message: 'RangeError' });
    expect(first.attributes['momotalk.delivery.outcome']).toBe('failed');
    expect(second.attributes['momotalk.delivery.outcome']).toBe('processed');
    for (const job of jobs) {
      expect(job.links.map((link) => link.context.spanId)).toEqual([enqueue.spanContext().spanId]);
      expect(job.links[0]?.context.traceId).toBe(enqueue.spanContext().traceId);
    }
    const handlerOf = (job: ReadableSpan) =>
      spans.find(
        (span) => span.name === 'momotalk.handler' && parentOf(span) === job.spanContext().spanId,
      ) as ReadableSpan;
    expect(handlerOf(first).attributes['momotalk.event.id']).toBe('evt_bull_1');
    const send = spans.find((span) => span.kind === SpanKind.CLIENT) as ReadableSpan;
    expect(parentOf(send)).toBe(handlerOf(first).spanContext().spanId);
    expect(sends).toBe(1); // the retry's send came from the ledger
    const recorded = JSON.stringify(
      spans.map((span) => [span.name, span.attributes, span.events, span.links]),
    );
    for (const secret of [SECRET, TOKEN, BODY]) expect(recorded).not.toContain(secret);
  });

  it('samples the queue’s depth (running heads included) and oldest age on collection', async () => {
    const { telemetry, points } = recorder();
    const name = `inbox-depth-${process.pid}`;
    const inbox = createBullMQInbox({ connection: { host: '127.0.0.1', port: server.port }, name });
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let started = 0;
    const worker = createInboxWorker({
      inbox,
      telemetry,
      process: async () => {
        started++;
        await gate;
      },
    });
    const attributes = { 'messaging.destination.name': name };
    try {
      await worker.ready();
      const before = Date.now();
      for (const [id, lane] of [
        ['a', 'room:1'],
        ['b', 'room:1'],
        ['c', 'room:2'],
      ] as const) {
        await inbox.enqueue({ id, lane, payload: {} });
      }
      const end = Date.now() + 15_000;
      while (started < 2) {
        if (Date.now() > end) throw new Error('timed out waiting for two rooms to run');
        await sleep(20);
      }
      expect(await points('momotalk.inbox.depth')).toEqual([{ attributes, value: 3 }]);
      const [age] = await points('momotalk.inbox.oldest_age');
      expect(age?.attributes).toEqual(attributes);
      expect(age?.value).toBeGreaterThanOrEqual(0);
      expect(age?.value).toBeLessThanOrEqual((Date.now() - before) / 1000 + 0.001);
      release();
      const drained = Date.now() + 15_000;
      while (((await points('momotalk.inbox.depth'))[0]?.value ?? 1) !== 0) {
        if (Date.now() > drained) throw new Error('timed out waiting for the inbox to drain');
        await sleep(50);
      }
    } finally {
      release();
      await worker.close();
      await inbox.close();
    }
    // A closed worker's queue is not read; the skipped sample does not fail the collection (the SDK keeps
    // reporting the last value of a cumulative gauge).
    await expect(points('momotalk.inbox.depth')).resolves.toEqual([{ attributes, value: 0 }]);
  });
  it('estimates the depth from a sample of 1,000 rooms past that, so a scrape never reads every room', async () => {
    const { telemetry, points } = recorder();
    const name = `inbox-sampled-${process.pid}`;
    const inbox = createBullMQInbox({ connection: { host: '127.0.0.1', port: server.port }, name });
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const worker = createInboxWorker({ inbox, telemetry, concurrency: 1, process: () => gate });
    try {
      await worker.ready();
      // One event in each of 1,500 rooms: any sample of 1,000 rooms scales back to exactly 1,500.
      for (let room = 0; room < 1_500; room++) {
        await inbox.enqueue({ id: `s${room}`, lane: `room:${room}`, payload: {} });
      }
      expect(await points('momotalk.inbox.depth')).toEqual([
        { attributes: { 'messaging.destination.name': name }, value: 1_500 },
      ]);
    } finally {
      release();
      await worker.close();
      await inbox.close();
    }
  }, 60_000);
});

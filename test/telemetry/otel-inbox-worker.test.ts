import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BotClient } from '../../src/client/bot-client.js';
import { createMemoryInbox } from '../../src/inbox/index.js';
import { createWebhookHandler, type InboxWriter, type Telemetry } from '../../src/index.js';
import { createMessageCreatedEvent } from '../../src/testing/create-message-created-event.js';
import { createSignedRequest } from '../../src/testing/create-signed-request.js';
import { BOT_ID, SECRET } from '../support/index.js';
import { parentOf, recorder } from './support.js';

const BASE_URL = 'https://bot.test/api';
const MESSAGES_URL = `${BASE_URL}/bots/${BOT_ID}/messages`;
const TOKEN = 'mmt_token_for_tests_only';
const BODY = 'a private message body';
const api = setupServer();
beforeAll(() => api.listen({ onUnhandledFrame: 'error' }));
afterEach(() => api.resetHandlers());
afterAll(() => api.close());

function message(n: number) {
  return createMessageCreatedEvent({
    bot_id: BOT_ID,
    event_id: `evt_job_${n}`,
    message: { room_id: 7, body: BODY },
  });
}

/** The webhook (enqueueing) and the handler a worker runs, both on `telemetry`. */
function bot(telemetry: Telemetry, inbox: InboxWriter, fail: { runs: number }) {
  const client = new BotClient({ botId: BOT_ID, token: TOKEN, baseUrl: BASE_URL, retry: false, telemetry });
  const webhook = createWebhookHandler({ secret: SECRET, inbox, telemetry });
  const handler = createWebhookHandler({ secret: SECRET, client }).on(
    'talk.message_created',
    async (e, ctx) => {
      await ctx.reply(`echo ${e.message.body}`);
      if (fail.runs-- > 0) throw new RangeError('handler bug');
    },
  );
  return { webhook, handler };
}

describe('inbox workers traced (OpenTelemetry, memory inbox)', () => {
  it('the job span is linked to the webhook’s enqueue span; handler and send nest under it', async () => {
    api.use(http.post(MESSAGES_URL, () => HttpResponse.json({ message_id: 'm1' })));
    const { telemetry, finished } = recorder();
    const inbox = createMemoryInbox();
    const { webhook, handler } = bot(telemetry, inbox, { runs: 0 });
    const worker = inbox.worker({ handler, telemetry, onError: () => {} });
    expect((await webhook(await createSignedRequest(message(1), SECRET))).status).toBe(200);
    await inbox.idle();
    await worker.close();

    const spans = finished();
    const enqueue = spans.find((span) => span.name === 'momotalk.enqueue') as ReadableSpan;
    const server = spans.find((span) => span.kind === SpanKind.SERVER) as ReadableSpan;
    expect(enqueue.kind).toBe(SpanKind.PRODUCER);
    expect(parentOf(enqueue)).toBe(server.spanContext().spanId);
    const jobs = spans.filter((span) => span.kind === SpanKind.CONSUMER);
    expect(jobs).toHaveLength(1);
    const job = jobs[0] as ReadableSpan;
    expect(job.name).toBe('process memory');
    expect(job.links.map((link) => link.context.spanId)).toEqual([enqueue.spanContext().spanId]);
    expect(job.links[0]?.context.traceId).toBe(server.spanContext().traceId);
    expect(job.attributes).toMatchObject({
      'messaging.message.id': `momotalk:${BOT_ID}:evt_job_1`,
      'momotalk.job.attempt': 1,
      'momotalk.delivery.outcome': 'processed',
    });
    const onWorker = spans.find(
      (span) => span.name === 'momotalk.handler' && parentOf(span) === job.spanContext().spanId,
    ) as ReadableSpan;
    expect(onWorker.attributes).toMatchObject({
      'momotalk.receiver': 'inbox',
      'momotalk.event.id': 'evt_job_1',
    });
    const send = spans.find((span) => span.kind === SpanKind.CLIENT) as ReadableSpan;
    expect(parentOf(send)).toBe(onWorker.spanContext().spanId);
    expect(send.spanContext().traceId).toBe(job.spanContext().traceId);
    const recorded = JSON.stringify(
      spans.map((span) => [span.name, span.attributes, span.events, span.links]),
    );
    for (const secret of [SECRET, TOKEN, BODY]) expect(recorded).not.toContain(secret);
  });

  it('a failing run: an error job span; the retry is a second job span with attempt 2', async () => {
    api.use(http.post(MESSAGES_URL, () => HttpResponse.json({ message_id: 'm1' })));
    const { telemetry, finished } = recorder();
    const inbox = createMemoryInbox();
    const { webhook, handler } = bot(telemetry, inbox, { runs: 1 });
    const worker = inbox.worker({ handler, telemetry, backoffMs: 1, onError: () => {} });
    expect((await webhook(await createSignedRequest(message(2), SECRET))).status).toBe(200);
    await inbox.idle();
    await worker.close();

    const spans = finished();
    const enqueue = spans.find((span) => span.name === 'momotalk.enqueue') as ReadableSpan;
    const jobs = spans
      .filter((span) => span.kind === SpanKind.CONSUMER)
      .sort(
        (a, b) => Number(a.attributes['momotalk.job.attempt']) - Number(b.attributes['momotalk.job.attempt']),
      );
    expect(jobs.map((span) => span.attributes['momotalk.job.attempt'])).toEqual([1, 2]);
    const [first, second] = jobs as [ReadableSpan, ReadableSpan];
    expect(first.status).toEqual({ code: SpanStatusCode.ERROR, message: 'RangeError' });
    expect(first.attributes['momotalk.delivery.outcome']).toBe('failed');
    expect(second.status.code).not.toBe(SpanStatusCode.ERROR);
    expect(second.attributes['momotalk.delivery.outcome']).toBe('processed');
    for (const job of jobs) {
      expect(job.links.map((link) => link.context.spanId)).toEqual([enqueue.spanContext().spanId]);
    }
    // The retry's sends are replayed from the ledger, not sent again: one send span in all.
    expect(spans.filter((span) => span.kind === SpanKind.CLIENT)).toHaveLength(1);
  });

  it('a 429 ends the job rate_limited; a hostile stored carrier links nothing; a throwing telemetry changes nothing', async () => {
    let calls = 0;
    api.use(
      http.post(MESSAGES_URL, () =>
        calls++ === 0
          ? HttpResponse.json({ error: 'rate_limited' }, { status: 429, headers: { 'retry-after': '0' } })
          : HttpResponse.json({ message_id: 'm1' }),
      ),
    );
    const { telemetry, finished } = recorder();
    const inbox = createMemoryInbox();
    const { handler } = bot(telemetry, inbox, { runs: 0 });
    const worker = inbox.worker({ handler, telemetry, onError: () => {} });
    const payload = { event: message(3), eventId: 'evt_job_3', botId: BOT_ID };
    await inbox.enqueue({
      id: 'a',
      lane: 'l',
      payload: { ...payload, trace: { traceparent: ['x'] } as never },
    });
    await inbox.idle();
    await worker.close();
    const jobs = finished().filter((span) => span.kind === SpanKind.CONSUMER);
    expect(jobs.map((span) => span.attributes['momotalk.delivery.outcome'])).toEqual([
      'rate_limited',
      'processed',
    ]);
    for (const job of jobs) expect(job.links).toEqual([]);

    const broken = createMemoryInbox();
    const ran: string[] = [];
    const throwing: Telemetry = {
      job: () => ({
        handle: () => {
          throw new Error('telemetry bug');
        },
        end: () => {
          throw new Error('telemetry bug');
        },
      }),
    };
    const errors: unknown[] = [];
    const second = broken.worker({
      process: (job) => void ran.push(job.id),
      telemetry: throwing,
      onError: (error) => void errors.push(error),
    });
    await broken.enqueue({ id: 'b', lane: 'l', payload: {} });
    await broken.idle();
    await second.close();
    expect(ran).toEqual(['b']);
    expect(errors).toEqual([]);
  });

  it('runs an entry once when a telemetry starts the run and then throws, and ignores a span that cannot annotate', async () => {
    // A handle() that calls run() and throws (or returns early) used to make the worker run the entry again.
    const inbox = createMemoryInbox();
    const ran: string[] = [];
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => void unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    const brokenSpan = {
      annotate: () => {
        throw new Error('annotate bug');
      },
      end: () => {
        throw new Error('end bug');
      },
    };
    const earlyReturn: Telemetry = {
      job: () => ({
        handle: (_item, run) => {
          void run(brokenSpan).catch(() => {});
          throw new Error('telemetry bug after starting the run');
        },
        end: () => {},
      }),
    };
    const errors: unknown[] = [];
    const worker = inbox.worker({
      process: async (job) => {
        ran.push(job.id);
        await new Promise((resolve) => setTimeout(resolve, 5));
        if (job.id === 'fails') throw new Error('handler failed');
      },
      telemetry: earlyReturn,
      maxAttempts: 1,
      onError: (error) => void errors.push(error),
    });
    await inbox.enqueue({ id: 'ok', lane: 'l1', payload: {} });
    await inbox.enqueue({ id: 'fails', lane: 'l2', payload: {} });
    await inbox.idle();
    await worker.close();
    await new Promise((resolve) => setTimeout(resolve, 20));
    process.off('unhandledRejection', onUnhandled);
    expect(ran.sort()).toEqual(['fails', 'ok']);
    expect(unhandled).toEqual([]);
    expect((await inbox.listDeadLetters()).map((letter) => letter.id)).toEqual(['fails']);

    // A Bot names its handler on the span: an annotate that throws must not fail (and dead-letter) the event.
    const { Bot } = await import('../../src/bot/bot.js');
    const bot = new Bot({
      client: new BotClient({ botId: BOT_ID, token: TOKEN, baseUrl: BASE_URL, retry: false }),
    });
    const handled: string[] = [];
    bot.on('message', (ctx) => void handled.push(ctx.event.event_id));
    const annotating: Telemetry = { job: () => ({ handle: (_item, run) => run(brokenSpan), end: () => {} }) };
    const botInbox = createMemoryInbox();
    const botWorker = botInbox.worker({
      handler: bot,
      telemetry: annotating,
      maxAttempts: 1,
      onError: () => {},
    });
    await botInbox.enqueue({
      id: 'm1',
      lane: 'room',
      payload: {
        event: JSON.parse(JSON.stringify(createMessageCreatedEvent({ bot_id: BOT_ID, event_id: 'evt_m1' }))),
      },
    });
    await botInbox.idle();
    await botWorker.close();
    expect(handled).toEqual(['evt_m1']);
    expect(await botInbox.listDeadLetters()).toEqual([]);
  });

  it('reports the memory inbox’s depth and oldest age as gauges, sampled on collection', async () => {
    const { telemetry, points } = recorder();
    const inbox = createMemoryInbox();
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let started = 0;
    const worker = inbox.worker({
      process: async () => {
        started++;
        await gate;
      },
      telemetry,
    });
    const before = Date.now();
    for (const [id, lane] of [
      ['a', 'room:1'],
      ['b', 'room:1'],
      ['c', 'room:2'],
    ] as const) {
      await inbox.enqueue({ id, lane, payload: {} });
    }
    await expect.poll(() => started).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const attributes = { 'messaging.destination.name': 'memory' };
    expect(await points('momotalk.inbox.depth')).toEqual([{ attributes, value: 3 }]);
    const [age] = await points('momotalk.inbox.oldest_age');
    expect(age?.attributes).toEqual(attributes);
    expect(age?.value).toBeGreaterThanOrEqual(0.02);
    expect(age?.value).toBeLessThanOrEqual((Date.now() - before) / 1000);
    release();
    await inbox.idle();
    await worker.close();
    expect(await points('momotalk.inbox.depth')).toEqual([{ attributes, value: 0 }]);
  });
});

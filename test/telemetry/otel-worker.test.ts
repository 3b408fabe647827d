import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { createReceiver } from '../../src/receiver/create-receiver.js';
import type { IncomingDelivery } from '../../src/receiver/ports.js';
import { messageEvent } from '../handler/support.js';
import { parentOf, recorder } from './support.js';

/** A delivery as an adapter hands it to the pipeline. */
function delivery(body: string): IncomingDelivery {
  return {
    method: 'POST',
    url: '/webhook?debug=1',
    header: () => undefined,
    readBody: async () => new TextEncoder().encode(body),
  };
}

describe('OpenTelemetry across the inbox (the seam an inbox plugs into)', () => {
  it('a job carries its webhook’s trace context: the worker’s span is linked to the enqueue span', async () => {
    const { telemetry, finished } = recorder();
    const jobs: Array<{ event: unknown; eventId: string; carrier: Record<string, string> }> = [];
    // A webhook side that enqueues instead of processing, as the inbox will: its `process` step opens the
    // enqueue span and puts the trace context in the job.
    const receiver = createReceiver(
      {
        methods: ['POST'],
        authenticate: () => undefined,
        parse: (_delivery, body) => [JSON.parse(new TextDecoder().decode(body)) as { event_id: string }],
        idempotencyKey: () => undefined,
        describe: (event) => ({ event, eventId: event.event_id }),
        process: async (event, _delivery, _span, trace) => {
          const enqueue = trace?.step('enqueue');
          enqueue?.annotate({ 'messaging.destination.name': 'momotalk', 'messaging.system': 'bullmq' });
          jobs.push({ event, eventId: event.event_id, carrier: trace?.carrier() ?? {} });
          enqueue?.end();
        },
      },
      { telemetry },
    );
    expect((await receiver.handleDelivery(delivery(JSON.stringify(messageEvent('evt_job_1'))))).status).toBe(
      200,
    );
    const job = jobs[0] as (typeof jobs)[number];
    expect(job.carrier.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);

    // The worker, maybe in another process: only the job's data crosses.
    const carried = JSON.parse(JSON.stringify(job)) as typeof job;
    const worker = telemetry.job?.({ queue: 'momotalk', id: 'job-1', carrier: carried.carrier, attempt: 2 });
    await worker?.handle({ event: carried.event, eventId: carried.eventId }, async (span) => {
      span.annotate({ 'momotalk.handler.name': 'command:help' });
    });
    worker?.end('processed');

    const spans = finished();
    const enqueue = spans.find((span) => span.name === 'momotalk.enqueue') as ReadableSpan;
    expect(enqueue.kind).toBe(SpanKind.PRODUCER);
    const consumer = spans.find((span) => span.name === 'process momotalk') as ReadableSpan;
    expect(consumer.kind).toBe(SpanKind.CONSUMER);
    expect(consumer.links.map((link) => link.context.spanId)).toEqual([enqueue.spanContext().spanId]);
    expect(consumer.links[0]?.context.traceId).toBe(enqueue.spanContext().traceId);
    expect(consumer.attributes).toMatchObject({
      'messaging.operation.type': 'process',
      'messaging.destination.name': 'momotalk',
      'messaging.message.id': 'job-1',
      'momotalk.job.attempt': 2,
      'momotalk.delivery.outcome': 'processed',
    });
    const handlers = spans.filter((span) => span.name === 'momotalk.handler');
    const onWorker = handlers.find(
      (span) => parentOf(span) === consumer.spanContext().spanId,
    ) as ReadableSpan;
    expect(onWorker.attributes).toMatchObject({
      'momotalk.receiver': 'inbox',
      'momotalk.event.id': 'evt_job_1',
      'momotalk.handler.name': 'command:help',
    });
    // The query string of the webhook URL is not recorded.
    const server = spans.find((span) => span.kind === SpanKind.SERVER) as ReadableSpan;
    expect(server.attributes['url.path']).toBe('/webhook');
  });

  it('a failed job: the consumer span failed, jobs counted by outcome; inbox gauges per queue', async () => {
    const { telemetry, finished, points } = recorder();
    const job = telemetry.job?.({
      queue: 'momotalk',
      id: 'job-2',
      carrier: { traceparent: 'garbage' },
      attempt: 1,
    });
    await expect(
      job?.handle({ event: messageEvent('evt_job_2'), eventId: 'evt_job_2' }, async () => {
        throw new RangeError('worker handler bug');
      }),
    ).rejects.toThrow('worker handler bug');
    job?.end('failed', new RangeError('worker handler bug'));
    const consumer = finished().find((span) => span.kind === SpanKind.CONSUMER) as ReadableSpan;
    expect(consumer.links).toEqual([]); // an unreadable carrier links nothing, and breaks nothing
    expect(consumer.status).toEqual({ code: SpanStatusCode.ERROR, message: 'RangeError' });
    expect(await points('momotalk.inbox.jobs')).toEqual([
      {
        attributes: { 'messaging.destination.name': 'momotalk', 'momotalk.delivery.outcome': 'failed' },
        value: 1,
      },
    ]);

    telemetry.observeQueue?.('momotalk', () => ({ depth: 3, oldestAgeMs: 1500 }));
    telemetry.observeQueue?.('broken', () => Promise.reject(new Error('redis down')));
    telemetry.observeQueue?.('empty', async () => ({ depth: 0 }));
    expect(await points('momotalk.inbox.depth')).toEqual([
      { attributes: { 'messaging.destination.name': 'momotalk' }, value: 3 },
      { attributes: { 'messaging.destination.name': 'empty' }, value: 0 },
    ]);
    expect(await points('momotalk.inbox.oldest_age')).toEqual([
      { attributes: { 'messaging.destination.name': 'momotalk' }, value: 1.5 },
    ]);
  });
});

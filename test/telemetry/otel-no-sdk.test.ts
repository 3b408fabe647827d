import { metrics, trace } from '@opentelemetry/api';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { createWebhookHandler } from '../../src/momotalk/handler/create-webhook-handler.js';
import { openTelemetry } from '../../src/otel/open-telemetry.js';
import { messageEvent, SECRET, signedRequest } from '../handler/support.js';

const START = { receiver: 'createWebhookHandler', method: 'POST', url: '/webhook' };

// One file, one worker: the global registrations below stay in it.
describe('openTelemetry() and the global providers', () => {
  it('with no SDK registered it traces nothing: the handler runs as without telemetry', async () => {
    const telemetry = openTelemetry();
    expect(telemetry.delivery?.(START)).toBeUndefined();
    expect(telemetry.send?.({ method: 'POST', url: 'https://bot.test/api', roomId: '1' })).toBeUndefined();
    expect(telemetry.job?.({ queue: 'q', id: '1', carrier: undefined, attempt: 1 })).toBeUndefined();
    const seen: unknown[] = [];
    const handler = createWebhookHandler({ secret: SECRET, telemetry }).on('talk.message_created', () => {
      seen.push(trace.getActiveSpan());
    });
    expect((await handler(signedRequest(messageEvent('evt_nosdk')))).status).toBe(200);
    expect(seen).toEqual([undefined]);
  });

  it('a meter provider registered later turns it on, from the next delivery', () => {
    const telemetry = openTelemetry();
    expect(telemetry.delivery?.(START)).toBeUndefined();
    metrics.setGlobalMeterProvider(new MeterProvider());
    expect(telemetry.delivery?.(START)).toBeDefined();
  });

  it('so does a tracer provider, and its spans are recorded', () => {
    const spans = new InMemorySpanExporter();
    const telemetry = openTelemetry();
    trace.setGlobalTracerProvider(
      new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] }),
    );
    telemetry.delivery?.(START)?.end({ status: 200, body: '{"ok":true}' });
    expect(spans.getFinishedSpans().map((span) => span.name)).toEqual(['POST']);
  });
});

import { context, propagation } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import {
  AggregationTemporality,
  type DataPoint,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { openTelemetry } from '../../src/otel/open-telemetry.js';

// What the OpenTelemetry Node SDK registers: async context (so a send nests under its handler) and W3C
// trace context (so an inbox job carries its webhook's).
context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
propagation.setGlobalPropagator(new W3CTraceContextPropagator());

/** A tracer and a meter provider on the SDK's in-memory exporters, and `openTelemetry()` over them. */
export function recorder() {
  const spans = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] });
  const metricsOut = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const reader = new PeriodicExportingMetricReader({ exporter: metricsOut, exportIntervalMillis: 3_600_000 });
  const meterProvider = new MeterProvider({ readers: [reader] });
  const telemetry = openTelemetry({ tracerProvider, meterProvider });

  /** Every finished span. */
  const finished = (): ReadableSpan[] => spans.getFinishedSpans();
  /** The one finished span with that name (fails when there are none or several). */
  const span = (name: string): ReadableSpan => {
    const found = finished().filter((candidate) => candidate.name === name);
    if (found.length !== 1) throw new Error(`expected one span ${name}, got ${found.length}: ${names()}`);
    return found[0] as ReadableSpan;
  };
  const names = (): string[] => finished().map((candidate) => candidate.name);

  /** The data points of one metric after a collection, as `{ attributes, value }`. */
  const points = async (
    metric: string,
  ): Promise<Array<{ attributes: Record<string, unknown>; value: unknown }>> => {
    await reader.forceFlush();
    const batches = metricsOut.getMetrics();
    const last = batches.at(-1);
    const out: Array<{ attributes: Record<string, unknown>; value: unknown }> = [];
    for (const scope of last?.scopeMetrics ?? []) {
      for (const data of scope.metrics) {
        if (data.descriptor.name !== metric) continue;
        for (const point of data.dataPoints as Array<DataPoint<unknown>>) {
          out.push({ attributes: { ...point.attributes }, value: point.value });
        }
      }
    }
    return out;
  };

  return { telemetry, tracerProvider, meterProvider, finished, span, names, points };
}

/** The parent span id of a span (SDK 2 keeps it in `parentSpanContext`). */
export function parentOf(span: ReadableSpan): string | undefined {
  return span.parentSpanContext?.spanId;
}

import type { Counter, Histogram, Meter, MeterProvider } from '@opentelemetry/api';
import { metrics } from '@opentelemetry/api';
import { SDK_VERSION } from '../internal/sdk-version.js';

/** @internal The SDK's metric instruments, made on first use (see {@link lazyInstruments}). */
export interface Instruments {
  readonly deliveries: Counter;
  readonly serverDuration: Histogram;
  readonly handlerDuration: Histogram;
  readonly sends: Counter;
  readonly clientDuration: Histogram;
  readonly retries: Counter;
  readonly rateLimited: Counter;
  readonly ambiguousSends: Counter;
  readonly jobs: Counter;
  readonly meter: Meter;
}

/** Histogram buckets in seconds, from 5 ms to 60 s: webhook answers and handler runs both fit. */
const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/**
 * @internal The instruments, created on the first delivery or send rather than when `openTelemetry()` is
 * called: the global meter provider has no proxy, so a meter taken before the OpenTelemetry SDK is
 * started would stay a no-op for good.
 *
 * @example
 * ```ts fragment
 * const instruments = lazyInstruments(options.meterProvider);
 * instruments().deliveries.add(1, { 'momotalk.delivery.outcome': 'processed' });
 * ```
 */
export function lazyInstruments(provider: MeterProvider | undefined): () => Instruments {
  let made: Instruments | undefined;
  return () => {
    made ??= create((provider ?? metrics.getMeterProvider()).getMeter('momotalk-bot-sdk', SDK_VERSION));
    return made;
  };
}

function create(meter: Meter): Instruments {
  const seconds = { unit: 's', advice: { explicitBucketBoundaries: SECONDS } };
  return {
    meter,
    deliveries: meter.createCounter('momotalk.webhook.deliveries', {
      unit: '{delivery}',
      description: 'Webhook deliveries answered, by receiver, outcome and refusal reason.',
    }),
    serverDuration: meter.createHistogram('http.server.request.duration', {
      ...seconds,
      description: 'Time from a delivery’s arrival to its answer.',
    }),
    handlerDuration: meter.createHistogram('momotalk.handler.duration', {
      ...seconds,
      description: 'Time the handlers took for one event, by event type and outcome.',
    }),
    sends: meter.createCounter('momotalk.client.sends', {
      unit: '{send}',
      description: 'sendMessage calls settled, by outcome (ok, error, ambiguous) and status.',
    }),
    clientDuration: meter.createHistogram('http.client.request.duration', {
      ...seconds,
      description: 'Time one sendMessage call took, retries and waits included.',
    }),
    retries: meter.createCounter('momotalk.client.retries', {
      unit: '{retry}',
      description: 'Retries of sendMessage, by reason (status or error code).',
    }),
    rateLimited: meter.createCounter('momotalk.client.rate_limited', {
      unit: '{response}',
      description: '429 answers from the Bot API (each one pauses the send for its Retry-After).',
    }),
    ambiguousSends: meter.createCounter('momotalk.client.ambiguous_sends', {
      unit: '{send}',
      description: 'Sends that failed after the request may have reached the platform (posted or not).',
    }),
    jobs: meter.createCounter('momotalk.inbox.jobs', {
      unit: '{job}',
      description: 'Inbox jobs settled on a worker, by queue and outcome.',
    }),
  };
}

import {
  createNoopMeter,
  type MeterProvider,
  metrics,
  ProxyTracerProvider,
  type TracerProvider,
  trace,
} from '@opentelemetry/api';
import { SDK_VERSION } from '../internal/sdk-version.js';
import type { Telemetry } from '../telemetry/telemetry.js';
import { lazyInstruments } from './instruments.js';
import { queueObserver } from './observe-queues.js';
import { OtelDeliveryTrace } from './otel-delivery-trace.js';
import type { OtelDeps } from './otel-deps.js';
import { OtelJobTrace } from './otel-job-trace.js';
import { OtelSendTrace } from './otel-send-trace.js';

/**
 * Options of {@link openTelemetry}.
 *
 * @example
 * ```ts fragment
 * const telemetry = openTelemetry({ tracerProvider: provider, meterProvider });
 * ```
 */
export interface OpenTelemetryOptions {
  /**
   * Where spans go.
   * @default the global tracer provider (`trace.getTracerProvider()`: the one the OpenTelemetry SDK
   * registers, and a no-op until it does)
   */
  readonly tracerProvider?: TracerProvider | undefined;
  /**
   * Where metrics go. The global one is read on the first delivery or send, so start the SDK before.
   * @default the global meter provider (`metrics.getMeterProvider()`)
   */
  readonly meterProvider?: MeterProvider | undefined;
}

/**
 * Traces and metrics through `@opentelemetry/api` (an optional peer dependency: install it, and an
 * OpenTelemetry SDK to export anything). Pass the result as `telemetry` to `createWebhookHandler`, the
 * Kakao receivers and `BotClient` (one object for all).
 *
 * Spans (attribute names in {@link MOMOTALK_ATTRIBUTES}): per delivery a SERVER span, with children
 * `momotalk.read`, `momotalk.verify`, `momotalk.parse`, `momotalk.claim` and `momotalk.handler` (the
 * active span while your handler runs, so `BotClient` sends nest under it); per `sendMessage` a CLIENT
 * span with a `retry` event per retry and a `rate_limited` event per 429; per inbox job a CONSUMER span
 * linked to its webhook's. Metrics: `momotalk.webhook.deliveries` (by outcome and refusal reason),
 * `http.server.request.duration`, `momotalk.handler.duration`, `momotalk.client.sends` (by outcome and
 * status), `http.client.request.duration`, `momotalk.client.retries`, `momotalk.client.rate_limited`,
 * `momotalk.client.ambiguous_sends`, `momotalk.inbox.jobs`, `momotalk.inbox.depth`,
 * `momotalk.inbox.oldest_age`.
 *
 * Recorded: methods, paths (never a query), statuses, refusal codes, event ids and types, room and bot
 * ids, durations, and the SDK's error names and messages. Never a secret, a token, a signature, a header
 * or a message body. With no SDK registered (and no provider given) no delivery or send is traced at all: the
 * pipeline runs as without `telemetry`. For a delivery that is not sampled no child span is made.
 *
 * @example
 * ```ts
 * import { BotClient, createWebhookHandler } from 'momotalk-bot-sdk';
 * import { openTelemetry } from 'momotalk-bot-sdk/otel';
 *
 * const telemetry = openTelemetry();
 * const handler = createWebhookHandler({
 *   secret: process.env.MOMOTALK_WEBHOOK_SECRET!,
 *   telemetry,
 *   client: new BotClient({ telemetry }),
 * });
 * ```
 */
export function openTelemetry(options: OpenTelemetryOptions = {}): Telemetry {
  const deps: OtelDeps = {
    tracer: (options.tracerProvider ?? trace.getTracerProvider()).getTracer(SCOPE, SDK_VERSION),
    instruments: lazyInstruments(options.meterProvider),
  };
  const on = registered(options);
  return {
    delivery: (start) => (on() ? new OtelDeliveryTrace(deps, start) : undefined),
    send: (start) => (on() ? new OtelSendTrace(deps, start) : undefined),
    job: (start) => (on() ? new OtelJobTrace(deps, start) : undefined),
    observeQueue: queueObserver(deps.instruments),
  };
}

/**
 * Whether anything would record: a provider was given, or an OpenTelemetry SDK registered a global tracer
 * or meter provider. Until then every delivery and send is left untraced (the pipeline then does exactly
 * what it does without `telemetry`); once one is registered, for good (an SDK is not unregistered).
 */
function registered(options: OpenTelemetryOptions): () => boolean {
  let on = options.tracerProvider !== undefined || options.meterProvider !== undefined;
  return () => {
    if (on) return true;
    const tracers = trace.getTracerProvider();
    on =
      !(tracers instanceof ProxyTracerProvider) ||
      tracers.getDelegateTracer(SCOPE, SDK_VERSION) !== undefined ||
      metrics.getMeterProvider().getMeter(SCOPE, SDK_VERSION) !== createNoopMeter();
    return on;
  };
}

const SCOPE = 'momotalk-bot-sdk';

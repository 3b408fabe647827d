import { type RecordedTrace, TRACES_PATH } from '../emulator/trace-types.js';
import { getBuiltin } from '../internal/get-builtin.js';
import { type Logger, log } from '../telemetry/logger.js';
import type {
  DeliveryTrace,
  JobTrace,
  SendTrace,
  Telemetry,
  TelemetryAttributes,
  TelemetrySpan,
} from '../telemetry/telemetry.js';
import { TraceRecording } from './trace-recording.js';

/** Past this the spans' attributes are left out, then spans from the end (the emulator takes 64 KiB). */
const MAX_BODY_CHARS = 60_000;
/** A step that ends with a result code was refused there (`invalid_signature`, `invalid_json`, …). */
const REFUSING_STEPS = new Set(['read', 'verify', 'parse']);

/**
 * Options of {@link emulatorTelemetry}.
 *
 * @example
 * ```ts
 * const options: EmulatorTelemetryOptions = { url: 'http://127.0.0.1:8787', token: 'emu_tok_…' };
 * ```
 */
export interface EmulatorTelemetryOptions {
  /**
   * The emulator's origin, e.g. `http://127.0.0.1:8787` (`emulator.url`; `npm start` and `momotalk-bot
   * dev` give it to the bot as `MOMOTALK_EMULATOR_URL`). Only its origin is used.
   */
  readonly url: string;
  /** The bot token the emulator's Bot API accepts (`emulator.token`, `MOMOTALK_BOT_TOKEN`): it authorizes the reports. */
  readonly token: string;
  /**
   * How long one report may take before it is abandoned.
   * @default 2000
   */
  readonly timeoutMs?: number | undefined;
  /**
   * Spans kept per delivery; more are counted (`dropped_spans`), not kept. At most 200.
   * @default 64
   */
  readonly maxSpans?: number | undefined;
  /**
   * Reports in flight at once; a delivery that ends while this many are pending is not reported.
   * @default 8
   */
  readonly maxPending?: number | undefined;
  /**
   * Where a failed report is said (at `debug`, with the bot token redacted). Without it, failures are silent.
   * @default undefined
   */
  readonly logger?: Logger | undefined;
}

interface AsyncLocalStorageLike<T> {
  run<R>(store: T, callback: () => R): R;
  getStore(): T | undefined;
}

/**
 * A {@link Telemetry} for development against the local emulator: it records the spans of each delivery
 * (`read`, `verify`, `parse`, `claim`, `enqueue`, `handler` with the middleware or command name, each
 * `send` with its status and retries), and of each job a worker reports through `job()` (shown as an
 * `inbox job` under its event), and posts them to the emulator, whose page
 * shows them as a waterfall beside that delivery. No collector, no `@opentelemetry/api`. To send the same
 * spans to OpenTelemetry too, pass `combineTelemetry(openTelemetry(), emulatorTelemetry(…))` (from
 * `momotalk-bot-sdk/otel`).
 *
 * Reported: span names, start offsets and durations in milliseconds, ok/error, short result codes
 * (`claimed`, an HTTP status, an error's name, never its message), event and room ids, event types,
 * handler names. Never a secret, a token (attributes named like a credential are dropped; the bot token is
 * cut out of any string), a signature, a header or a message body. The event id comes from the handler
 * span, so a delivery that runs no handler (refused, or a duplicate) is not reported: nothing on it would
 * name its event, and the webhook path stays as small as it is.
 *
 * Reports are fire-and-forget and bounded: one `POST` per finished delivery (again if a span ends after
 * it, as in `acknowledge: 'before-processing'` mode), at most `maxSpans` spans and 60,000 characters,
 * `maxPending` in flight, each abandoned after `timeoutMs`. A report that fails (emulator down, 4xx) is
 * logged at debug level and forgotten: it never fails, delays or changes a delivery or a send.
 *
 * Sends are tied to their delivery through `AsyncLocalStorage` (Node, Bun, Deno); on a runtime without
 * it the deliveries are reported without their sends.
 *
 * @param options - The emulator's URL and the bot token; bounds.
 * @returns The telemetry to pass as `telemetry` to the webhook handler (or `Bot`), `BotClient` and inbox workers.
 * @throws {TypeError} When `url` is not an absolute http(s) URL, `token` is empty, or a bound is not a
 *   positive integer (or `maxSpans` is above 200).
 *
 * @example
 * ```ts
 * import { Bot, BotClient } from 'momotalk-bot-sdk';
 * import { emulatorTelemetry } from 'momotalk-bot-sdk/testing';
 *
 * const telemetry = emulatorTelemetry({ url: 'http://127.0.0.1:8787', token: process.env.MOMOTALK_BOT_TOKEN ?? '' });
 * const bot = new Bot({ telemetry, client: new BotClient({ telemetry }) });
 * ```
 */
export function emulatorTelemetry(options: EmulatorTelemetryOptions): Telemetry {
  const { url, token, timeoutMs = 2000, maxSpans = 64, maxPending = 8, logger } = options ?? {};
  const fail = (message: string) => new TypeError(`[momotalk-bot-sdk] emulatorTelemetry: ${message}`);
  if (typeof url !== 'string' || !URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
    throw fail('url must be the emulator\'s absolute http(s) URL, e.g. "http://127.0.0.1:8787".');
  }
  if (typeof token !== 'string' || token === '') throw fail('token must be the non-empty bot token.');
  for (const [name, value, max] of [
    ['timeoutMs', timeoutMs, Number.MAX_SAFE_INTEGER],
    ['maxSpans', maxSpans, 200],
    ['maxPending', maxPending, Number.MAX_SAFE_INTEGER],
  ] as const) {
    if (!Number.isSafeInteger(value) || value <= 0 || value > max) {
      throw fail(
        `${name} must be a positive integer${max < Number.MAX_SAFE_INTEGER ? ` up to ${max}` : ''}.`,
      );
    }
  }
  const endpoint = new URL(TRACES_PATH, url).href;
  const secrets = [token];
  let pending = 0;

  const report = (trace: RecordedTrace): void => {
    if (pending >= maxPending) {
      log(
        logger,
        'debug',
        { eventId: trace.event_id, pending },
        'emulator trace not sent: too many in flight',
      );
      return;
    }
    pending += 1;
    const done = () => {
      pending -= 1;
    };
    try {
      fetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: boundedJson(trace),
        signal: AbortSignal.timeout(timeoutMs),
      })
        .then(async (response) => {
          await response.body?.cancel();
          if (!response.ok) {
            log(logger, 'debug', { status: response.status }, 'emulator trace refused', secrets);
          }
        })
        .catch((error: unknown) => log(logger, 'debug', { err: error }, 'emulator trace not sent', secrets))
        .finally(done);
    } catch (error) {
      done();
      log(logger, 'debug', { err: error }, 'emulator trace not sent', secrets);
    }
  };

  const storage = asyncLocalStorage<TraceRecording>();
  const recording = (kind: RecordedTrace['kind']) => new TraceRecording(kind, { maxSpans, secrets, report });
  const handle = async <T>(
    current: TraceRecording,
    item: { readonly event: unknown; readonly eventId: string | undefined },
    run: (span: TelemetrySpan) => Promise<T>,
  ): Promise<T> => {
    current.setEvent(item.eventId);
    const span = current.span('handler', eventAttributes(item.event));
    try {
      const result = storage === undefined ? await run(span) : await storage.run(current, () => run(span));
      span.end();
      return result;
    } catch (error) {
      span.end(undefined, error);
      throw error;
    }
  };

  return {
    delivery(): DeliveryTrace {
      const current = recording('delivery');
      return {
        step(name) {
          const span = current.span(name);
          return {
            annotate: (attributes) => span.annotate(attributes),
            end(result, error) {
              if (result !== undefined && REFUSING_STEPS.has(name)) span.fail();
              span.end(result, error);
            },
          };
        },
        handle: (item, run) => handle(current, item, run),
        carrier: () => ({}),
        items() {},
        end: (answer) => current.end(String(answer.status)),
      };
    },
    job(): JobTrace {
      const current = recording('job');
      return {
        handle: (item, run) => handle(current, item, run),
        end: (outcome) => current.end(outcome),
      };
    },
    send(start): SendTrace | undefined {
      const current = storage?.getStore();
      if (current === undefined) return undefined;
      const span = current.span('send', { 'momotalk.room.id': start.roomId });
      let retries = 0;
      return {
        response(status) {
          span.annotate({ 'http.response.status_code': status });
        },
        retry(attempt, delayMs, reason) {
          retries = attempt;
          span.annotate({
            'momotalk.send.retries': retries,
            'momotalk.send.last_retry_reason': reason,
            'momotalk.send.last_retry_delay_ms': delayMs,
          });
        },
        end(status, error, ambiguous) {
          if (ambiguous) span.annotate({ 'momotalk.send.ambiguous': true });
          span.end(status === undefined ? undefined : String(status), error);
        },
      };
    },
  };
}

/** The event's ids and type (never its body), as the handler span's attributes. */
function eventAttributes(event: unknown): TelemetryAttributes {
  if (typeof event !== 'object' || event === null) return {};
  const { event_type, message } = event as { event_type?: unknown; message?: unknown };
  const room =
    typeof message === 'object' && message !== null ? (message as { room_id?: unknown }).room_id : undefined;
  return {
    'momotalk.event.type': typeof event_type === 'string' ? event_type : undefined,
    'momotalk.room.id': typeof room === 'number' || typeof room === 'string' ? String(room) : undefined,
  };
}

/** The trace as JSON within {@link MAX_BODY_CHARS}: attributes go first, then spans from the end. */
function boundedJson(trace: RecordedTrace): string {
  let body = JSON.stringify(trace);
  if (body.length <= MAX_BODY_CHARS) return body;
  const bare = trace.spans.map(({ attributes: _attributes, ...span }) => span);
  let kept = bare.length;
  do {
    body = JSON.stringify({
      ...trace,
      spans: bare.slice(0, kept),
      dropped_spans: (trace.dropped_spans ?? 0) + bare.length - kept,
    });
    kept = Math.floor(kept / 2);
  } while (body.length > MAX_BODY_CHARS && kept > 0);
  return body;
}

function asyncLocalStorage<T>(): AsyncLocalStorageLike<T> | undefined {
  const hooks = getBuiltin('node:async_hooks') as
    | { AsyncLocalStorage?: new () => AsyncLocalStorageLike<T> }
    | undefined;
  return typeof hooks?.AsyncLocalStorage === 'function' ? new hooks.AsyncLocalStorage() : undefined;
}

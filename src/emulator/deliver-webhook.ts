import { refusalHint } from '../internal/refusal-hints.js';
import { SDK_VERSION } from '../internal/sdk-version.js';
import { MOMOTALK_HEADERS } from '../momotalk/headers.js';
import { signWebhook } from '../momotalk/signature/sign-webhook.js';
import type { EmulatorState, SentEvent } from './emulator-state.js';
import { refusalCode } from './refusal-code.js';
import type { DeliveryRecord } from './types.js';

const EXCERPT_CHARS = 500;

/**
 * @internal Sends one event to the bot's callback URL, signed like the platform does (the three
 * `X-MoMoTalk-*` headers, HMAC-SHA256 of the exact body bytes), and records the attempt.
 *
 * The emulator never retries on its own: the guide does not document the platform's redelivery
 * policy, so redelivery is a button (and `emulator.redeliver`). A delivery counts as ok on any 2xx.
 */
export async function deliverWebhook(state: EmulatorState, event: SentEvent): Promise<DeliveryRecord> {
  const attempt = state.rememberEvent(event);
  const url = state.bot.callbackUrl ?? null;
  const base = {
    id: state.nextDeliveryId(),
    event_id: event.eventId,
    event_type: event.eventType,
    attempt,
    url,
    sent_at: Date.now(),
  };
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  let record: DeliveryRecord;
  if (url === null) {
    record = failed(base, 0, 'no callback URL is set: enter one on the page or pass callbackUrl');
  } else {
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': `momotalk-bot-sdk-emulator/${SDK_VERSION}`,
          [MOMOTALK_HEADERS.botId]: state.bot.botId,
          [MOMOTALK_HEADERS.eventId]: event.eventId,
          [MOMOTALK_HEADERS.signature]: signWebhook(event.rawBody, state.bot.secret),
        },
        body: event.rawBody,
        redirect: 'manual',
        signal: AbortSignal.timeout(state.bot.deliveryTimeoutMs),
      });
      const text = await response.text();
      const ok = response.status >= 200 && response.status < 300;
      const refusal = ok ? null : refusalCode(text);
      record = {
        ...base,
        ok,
        status: response.status,
        latency_ms: elapsed(),
        response_excerpt: text.slice(0, EXCERPT_CHARS),
        error: null,
        refusal,
        hint: refusal === null ? null : (refusalHint(refusal) ?? null),
      };
    } catch (error) {
      record = failed(base, elapsed(), describeFetchError(error, state.bot.deliveryTimeoutMs));
    }
  }
  state.addDelivery(record);
  return record;
}

function failed(
  base: Omit<
    DeliveryRecord,
    'ok' | 'status' | 'latency_ms' | 'response_excerpt' | 'error' | 'refusal' | 'hint'
  >,
  latency: number,
  error: string,
): DeliveryRecord {
  return {
    ...base,
    ok: false,
    status: null,
    latency_ms: latency,
    response_excerpt: '',
    error,
    refusal: null,
    hint: null,
  };
}

function describeFetchError(error: unknown, timeoutMs: number): string {
  if (error instanceof DOMException && error.name === 'TimeoutError') {
    return `timed out after ${timeoutMs} ms`;
  }
  const cause =
    error instanceof Error ? (error.cause as { code?: string; message?: string } | undefined) : undefined;
  if (cause?.code === 'ECONNREFUSED') return 'connection refused: is the bot running on that port?';
  if (cause?.code !== undefined) return `${cause.code}: ${cause.message ?? 'request failed'}`;
  return error instanceof Error ? error.message : String(error);
}

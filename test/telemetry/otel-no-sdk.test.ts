import { trace } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { createWebhookHandler } from '../../src/momotalk/handler/create-webhook-handler.js';
import { openTelemetry } from '../../src/otel/open-telemetry.js';
import { NOOP_SPAN } from '../../src/otel/otel-span.js';
import { messageEvent, SECRET, signedRequest } from '../handler/support.js';

describe('openTelemetry() with no SDK registered', () => {
  it('records nothing, makes no child span, and the handler answers as without it', async () => {
    const telemetry = openTelemetry();
    const steps: unknown[] = [];
    const seen: unknown[] = [];
    const handler = createWebhookHandler({
      secret: SECRET,
      telemetry: {
        ...telemetry,
        delivery: (start) => {
          const inner = telemetry.delivery?.(start);
          return (
            inner && {
              ...inner,
              step: (name) => {
                const step = inner.step(name);
                steps.push(step);
                return step;
              },
              handle: (item, run) => inner.handle(item, run),
              carrier: () => inner.carrier(),
              end: (...args) => inner.end(...args),
            }
          );
        },
      },
    }).on('talk.message_created', (_event, _ctx) => {
      seen.push(trace.getActiveSpan());
    });
    expect((await handler(signedRequest(messageEvent('evt_nosdk')))).status).toBe(200);
    expect(seen).toEqual([undefined]); // no span was made active
    expect(steps.length).toBeGreaterThan(0);
    for (const step of steps) expect(step).toBe(NOOP_SPAN);
  });
});

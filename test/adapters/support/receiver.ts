import { createWebhookHandler, type WebhookHandler } from '../../../src/index.js';
import { BOT_ID, MAX_BODY_BYTES, SECRET } from './deliveries.js';

/** The real webhook handler, configured for the adapter tests, plus what reached it. */
export interface TestReceiver extends WebhookHandler {
  /** Every event a handler ran for. */
  readonly events: unknown[];
  /** Every error reported to `onError` (the pipeline reports an unreadable body there too). */
  readonly errors: unknown[];
  /** The error code of every refused delivery (`onRejected`). */
  readonly rejections: string[];
}

/** `createWebhookHandler` with the test secret, bot id and a small body limit; end to end. */
export function makeReceiver(): TestReceiver {
  const events: unknown[] = [];
  const errors: unknown[] = [];
  const rejections: string[] = [];
  const handler = createWebhookHandler({
    secret: SECRET,
    botId: BOT_ID,
    maxBodyBytes: MAX_BODY_BYTES,
    onEvent: (event) => {
      events.push(event);
    },
    onError: (error) => {
      errors.push(error);
    },
    onRejected: ({ error }) => {
      rejections.push(error);
    },
  });
  return Object.assign(handler, { events, errors, rejections });
}

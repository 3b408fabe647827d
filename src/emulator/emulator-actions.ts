import { createMessageCreatedEvent } from '../testing/create-message-created-event.js';
import { randomId } from '../testing/random-id.js';
import { deliverWebhook } from './deliver-webhook.js';
import type { EmulatorState } from './emulator-state.js';
import type { DeliveryRecord, UserMessageInput, UserMessageResult } from './types.js';

/**
 * The event type the emulator's "webhook test" button sends. The guide mentions the console's webhook
 * test button but not what it sends; the emulator sends `{ event_id, event_type: "webhook.test",
 * bot_id, timestamp }`, an event type the SDK does not know, so a bot shows it handles unknown events
 * with a 2xx (as it must for future event types).
 *
 * @example
 * ```ts
 * handler.on(WEBHOOK_TEST_EVENT_TYPE, (event) => console.log('webhook test', event.event_id));
 * ```
 */
export const WEBHOOK_TEST_EVENT_TYPE = 'webhook.test';

/** @internal A user writes a message: store it, deliver `talk.message_created`, wait for the answer. */
export async function sendUserMessage(
  state: EmulatorState,
  input: UserMessageInput | string,
): Promise<UserMessageResult> {
  const { body, room_id = 123, user_id = 'user_alice' } = typeof input === 'string' ? { body: input } : input;
  if (typeof body !== 'string' || body.length === 0) {
    throw new TypeError('[momotalk-bot-sdk] sendUserMessage: body must be a non-empty string.');
  }
  if (!Number.isSafeInteger(room_id) || room_id <= 0) {
    throw new TypeError('[momotalk-bot-sdk] sendUserMessage: room_id must be a positive integer.');
  }
  state.addRoom(room_id);
  state.addUser(user_id);
  const message = state.addMessage({
    room_id,
    sender: 'user',
    sender_id: user_id,
    body,
    message_type: 'TEXT',
  });
  const event = createMessageCreatedEvent({
    bot_id: state.bot.botId,
    timestamp: message.created_at,
    message: {
      room_id,
      message_id: message.message_id,
      sender_user_id: user_id,
      body,
      message_type: 'TEXT',
      created_at: message.created_at,
    },
  });
  const delivery = await deliverWebhook(state, {
    eventId: event.event_id,
    eventType: event.event_type,
    rawBody: JSON.stringify(event),
  });
  return { message, event, delivery };
}

/** @internal Sends an event again: same event id, same bytes. Undefined when the delivery is unknown. */
export async function redeliver(
  state: EmulatorState,
  deliveryId: string,
): Promise<DeliveryRecord | undefined> {
  const event = state.eventOfDelivery(deliveryId);
  return event === undefined ? undefined : deliverWebhook(state, event);
}

/** @internal The "webhook test" button: a `webhook.test` event (see {@link WEBHOOK_TEST_EVENT_TYPE}). */
export async function sendWebhookTest(state: EmulatorState): Promise<DeliveryRecord> {
  const event = {
    event_id: randomId('evt_'),
    event_type: WEBHOOK_TEST_EVENT_TYPE,
    bot_id: state.bot.botId,
    timestamp: Math.floor(Date.now() / 1000),
  };
  return deliverWebhook(state, {
    eventId: event.event_id,
    eventType: event.event_type,
    rawBody: JSON.stringify(event),
  });
}

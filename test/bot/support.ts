import type { MessageCreatedEvent } from '../../src/momotalk/events/message-created-event.js';
import type { WebhookEvent } from '../../src/momotalk/events/webhook-event.js';
import { messageCreated, recordingClient } from '../handler/support.js';

export { recordingClient };

let nextId = 1;

/** A `talk.message_created` event (the guide's sample) with `body` and optional message fields. */
export function textEvent(body: string, message: Record<string, unknown> = {}): MessageCreatedEvent {
  return {
    ...messageCreated,
    event_id: `evt_bot_${nextId++}`,
    message: { ...messageCreated.message, body, ...message },
  } as unknown as MessageCreatedEvent;
}

/** An event of a type this SDK does not know. */
export function unknownEvent(type = 'room.member_joined'): WebhookEvent {
  return { event_type: type, event_id: `evt_bot_${nextId++}`, room_id: 123 } as unknown as WebhookEvent;
}

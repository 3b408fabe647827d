import type { Attributes } from '@opentelemetry/api';
import { MOMOTALK_ATTRIBUTES as A } from './attribute-names.js';

/**
 * @internal The ids of an item the pipeline handles, as span attributes: its id, its type and room, its
 * bot. Read defensively (any receiver's event: a MoMoTalk event, a Bizmessage hook, a Talk Share
 * callback); never the message body or any other field.
 *
 * @example
 * ```ts fragment
 * span.setAttributes(eventAttributes({ event, eventId }));
 * ```
 */
export function eventAttributes(item: {
  readonly event: unknown;
  readonly eventId: string | undefined;
}): Attributes {
  const event = (typeof item.event === 'object' && item.event !== null ? item.event : {}) as Record<
    string,
    unknown
  >;
  const message = event.message;
  const room =
    typeof message === 'object' && message !== null
      ? (message as Record<string, unknown>).room_id
      : event.HASH_CHAT_ID;
  const attributes: Attributes = {};
  if (item.eventId !== undefined) attributes[A.eventId] = item.eventId;
  const type =
    text(event.event_type) ??
    text(event.kind) ??
    (room === event.HASH_CHAT_ID && room !== undefined ? 'talk_share' : undefined);
  if (type !== undefined) attributes[A.eventType] = type;
  const roomId = text(room);
  if (roomId !== undefined) attributes[A.roomId] = roomId;
  const botId = text(event.bot_id);
  if (botId !== undefined) attributes[A.botId] = botId;
  return attributes;
}

/** A short identifier as a string; anything else (objects, long text) is not recorded. */
function text(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return typeof value === 'string' && value !== '' && value.length <= 256 ? value : undefined;
}

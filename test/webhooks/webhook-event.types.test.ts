import { describe, expectTypeOf, it } from 'vitest';
import type {
  HeadersLike,
  Message,
  MessageCreatedEvent,
  MessageType,
  UnknownWebhookEvent,
  UnknownWebhookEventType,
  WebhookEvent,
  WebhookEventMap,
  WebhookEventType,
} from '../../src/index.js';
import { constructWebhookEventAsync, parseWebhookEvent, readExtraField } from '../../src/index.js';

// These assertions are checked by `tsc --noEmit` (npm test's typecheck step); vitest only runs the bodies.
const event: WebhookEvent = parseWebhookEvent('{"event_type":"talk.x"}');

describe('WebhookEvent types', () => {
  it('narrows to MessageCreatedEvent on event_type === "talk.message_created", and to unknown otherwise', () => {
    if (event.event_type === 'talk.message_created') {
      expectTypeOf(event).toEqualTypeOf<MessageCreatedEvent>();
      expectTypeOf(event.message).toEqualTypeOf<Message>();
      expectTypeOf(event.message.body).toEqualTypeOf<string>();
    } else {
      expectTypeOf(event).toEqualTypeOf<UnknownWebhookEvent>();
      expectTypeOf(event.event_id).toEqualTypeOf<unknown>();
    }
  });

  it('narrows in a switch, and !== narrows the other way', () => {
    switch (event.event_type) {
      case 'talk.message_created':
        expectTypeOf(event).toEqualTypeOf<MessageCreatedEvent>();
        break;
      default:
        expectTypeOf(event).toEqualTypeOf<UnknownWebhookEvent>();
    }
    if (event.event_type !== 'talk.message_created') {
      expectTypeOf(event).toEqualTypeOf<UnknownWebhookEvent>();
      return;
    }
    expectTypeOf(event).toEqualTypeOf<MessageCreatedEvent>();
  });

  it('types the fields as the guide shows them (ids lenient), exactly: no index signature', () => {
    type Fields = Pick<MessageCreatedEvent, 'event_id' | 'event_type' | 'bot_id' | 'timestamp'>;
    expectTypeOf<Fields>().toEqualTypeOf<{
      event_id: string;
      event_type: 'talk.message_created';
      bot_id: string;
      timestamp: number;
    }>();
    expectTypeOf<Message['room_id']>().toEqualTypeOf<number | string>();
    expectTypeOf<Message['message_id']>().toEqualTypeOf<number | string>();
    expectTypeOf<Message['created_at']>().toEqualTypeOf<number>();
    expectTypeOf<keyof MessageCreatedEvent>().toEqualTypeOf<
      'event_id' | 'event_type' | 'bot_id' | 'timestamp' | 'message'
    >();
    expectTypeOf<keyof Message>().toEqualTypeOf<
      'room_id' | 'message_id' | 'sender_user_id' | 'body' | 'message_type' | 'created_at'
    >();
  });

  it('a field the schema does not declare does not compile; readExtraField reads one explicitly', () => {
    const compileOnly = (created: MessageCreatedEvent) => {
      // @ts-expect-error a typo of `body`: it would read undefined and post "Echo: undefined"
      void created.message.text;
      // @ts-expect-error not declared by the schema
      void created.message.nonexistent;
      // @ts-expect-error not declared at the top level either
      void created.delivery_attempt;
      expectTypeOf(readExtraField(created.message, 'thread_id')).toEqualTypeOf<unknown>();
    };
    expectTypeOf(compileOnly).toBeFunction();
  });

  it('message_type is "TEXT" or any string, with "TEXT" kept as a literal for autocompletion', () => {
    expectTypeOf<Message['message_type']>().toEqualTypeOf<MessageType>();
    expectTypeOf<'TEXT'>().toExtend<MessageType>();
    expectTypeOf<'IMAGE'>().toExtend<MessageType>();
    expectTypeOf<MessageType>().toExtend<string>();
    expectTypeOf<MessageType>().not.toEqualTypeOf<string>();
  });

  it("an unknown event's type is a string at run time; widen it to compare with new types", () => {
    const unknown = parseWebhookEvent('{"event_type":"talk.x"}') as UnknownWebhookEvent;
    expectTypeOf(unknown.event_type).toEqualTypeOf<UnknownWebhookEventType>();
    expectTypeOf(String(unknown.event_type)).toEqualTypeOf<string>();
    expectTypeOf(unknown.event_type.startsWith('talk.')).toEqualTypeOf<boolean>();
    // The deliberate trade-off: comparing the branded type with an unknown literal does not compile.
    // @ts-expect-error -- UnknownWebhookEventType is not comparable with string literals (keeps narrowing).
    if (unknown.event_type === 'talk.something_new') return;
  });

  it('WebhookEventMap / WebhookEventType serve .on(type, fn) narrowing', () => {
    expectTypeOf<WebhookEventType>().toEqualTypeOf<'talk.message_created'>();
    expectTypeOf<WebhookEventMap['talk.message_created']>().toEqualTypeOf<MessageCreatedEvent>();
    type Of<T extends WebhookEventType> = Extract<WebhookEvent, { event_type: T }>;
    expectTypeOf<Of<'talk.message_created'>>().toEqualTypeOf<MessageCreatedEvent>();
  });

  it('parse and construct return WebhookEvent; HeadersLike takes the usual header shapes', () => {
    expectTypeOf(parseWebhookEvent).returns.toEqualTypeOf<WebhookEvent>();
    expectTypeOf(constructWebhookEventAsync).returns.toEqualTypeOf<Promise<WebhookEvent>>();
    expectTypeOf<Headers>().toExtend<HeadersLike>();
    expectTypeOf<import('node:http').IncomingHttpHeaders>().toExtend<HeadersLike>();
    expectTypeOf<Record<string, string>>().toExtend<HeadersLike>();
  });
});

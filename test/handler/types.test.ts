import { describe, expectTypeOf, it } from 'vitest';
import type { SendMessageResult } from '../../src/client/send-message-result.js';
import type { MessageCreatedEvent } from '../../src/momotalk/events/message-created-event.js';
import type { UnknownWebhookEvent } from '../../src/momotalk/events/unknown-webhook-event.js';
import type { WebhookEvent } from '../../src/momotalk/events/webhook-event.js';
import {
  createWebhookHandler,
  type WebhookHandler,
} from '../../src/momotalk/handler/create-webhook-handler.js';
import { unknownEventType } from '../../src/momotalk/handler/unknown-event-type.js';
import type { WebhookContext } from '../../src/momotalk/handler/webhook-context.js';
import type { EventOfType } from '../../src/momotalk/handler/webhook-handler-options.js';
import type { DeliveryResponse, IncomingDelivery, WebhookReceiver } from '../../src/receiver/ports.js';

// Checked by tsc (npm run typecheck); the runtime assertions are trivially true.
describe('createWebhookHandler types', () => {
  const handler = createWebhookHandler({ secret: 's' });

  it('is a Fetch handler and a WebhookReceiver', () => {
    expectTypeOf(handler).toBeCallableWith(new Request('https://x.test'));
    expectTypeOf(handler).toBeCallableWith(
      new Request('https://x.test'),
      {},
      { waitUntil: (_: Promise<unknown>) => {} },
    );
    expectTypeOf(handler).returns.toEqualTypeOf<Promise<Response>>();
    expectTypeOf(handler).toExtend<WebhookReceiver>();
    expectTypeOf(handler.handleDelivery).parameter(0).toEqualTypeOf<IncomingDelivery>();
    expectTypeOf(handler.handleDelivery).returns.toEqualTypeOf<Promise<DeliveryResponse>>();
  });

  it('narrows the event and ctx in .on() for a known type, and chains', () => {
    const chained = handler.on('talk.message_created', (event, ctx) => {
      expectTypeOf(event).toEqualTypeOf<MessageCreatedEvent>();
      expectTypeOf(event.message.body).toBeString();
      expectTypeOf(ctx).toEqualTypeOf<WebhookContext<MessageCreatedEvent>>();
      expectTypeOf(ctx.event).toEqualTypeOf<MessageCreatedEvent>();
      expectTypeOf(ctx.reply).returns.toEqualTypeOf<Promise<SendMessageResult>>();
      expectTypeOf(ctx.eventId).toEqualTypeOf<string | undefined>();
    });
    expectTypeOf(chained).toEqualTypeOf<WebhookHandler>();
  });

  it('gives an UnknownWebhookEvent for a type marked with unknownEventType()', () => {
    handler.on(unknownEventType('talk.something_new'), (event, ctx) => {
      expectTypeOf(event).toEqualTypeOf<UnknownWebhookEvent>();
      expectTypeOf(ctx.eventId).toEqualTypeOf<string | undefined>();
      expectTypeOf(ctx.client.sendMessage).toBeFunction();
    });
    expectTypeOf<EventOfType<'talk.something_new'>>().toEqualTypeOf<UnknownWebhookEvent>();
    expectTypeOf<EventOfType<'talk.message_created'>>().toEqualTypeOf<MessageCreatedEvent>();
  });

  it('refuses a typo of a known event type, and a plain string for an unknown one', () => {
    const compileOnly = () => {
      // @ts-expect-error a typo of 'talk.message_created' would register a handler that never fires
      handler.on('talk.message_create', () => {});
      // @ts-expect-error an unknown type must be marked: .on(unknownEventType('talk.something_new'), …)
      handler.on('talk.something_new', () => {});
    };
    expectTypeOf(compileOnly).toBeFunction();
  });

  it('has ctx.reply only where the event is a talk.message_created', () => {
    const compileOnly = () => {
      handler.on(unknownEventType('talk.something_new'), (_event, ctx) => {
        // @ts-expect-error no message to answer: ctx.reply would throw at run time
        void ctx.reply('hi');
      });
      createWebhookHandler({
        secret: 's',
        onEvent: (event, ctx) => {
          // @ts-expect-error onEvent sees every event, some without a message
          void ctx.reply('hi');
          if (event.event_type === 'talk.message_created') void ctx.client.reply(event, 'hi');
        },
        onUnknown: (_event, ctx) => {
          // @ts-expect-error an unknown event has no message to answer
          void ctx.reply('hi');
        },
      });
    };
    expectTypeOf(compileOnly).toBeFunction();
  });

  it('refuses a handler for the wrong event type, and wrong options', () => {
    // Never called: these only have to fail to compile.
    const compileOnly = () => {
      // @ts-expect-error a message handler needs a message event
      handler.on('talk.something_new', (event: MessageCreatedEvent) => event.message.body);
      // @ts-expect-error the event type must be a string
      handler.on(42, () => {});
      // @ts-expect-error acknowledge has two values
      createWebhookHandler({ secret: 's', acknowledge: 'never' });
    };
    expectTypeOf(compileOnly).toBeFunction();
    createWebhookHandler({
      secret: 's',
      onEvent: (event) => expectTypeOf(event).toEqualTypeOf<WebhookEvent>(),
      onUnknown: (event) => expectTypeOf(event).toEqualTypeOf<UnknownWebhookEvent>(),
    });
  });
});

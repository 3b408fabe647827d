import { describe, expectTypeOf, it } from 'vitest';
import type {
  BotClient,
  MessageCreatedEvent,
  MoMoTalkRateLimitError,
  ReplyTarget,
  SendMessageParams,
  SendMessageResult,
} from '../../src/index.js';

describe('BotClient types', () => {
  it('reply takes a MessageCreatedEvent', () => {
    expectTypeOf<MessageCreatedEvent>().toExtend<ReplyTarget>();
    expectTypeOf<BotClient['reply']>().parameter(0).toEqualTypeOf<ReplyTarget>();
  });

  it('sendMessage takes the wire names and resolves with a SendMessageResult', () => {
    expectTypeOf<BotClient['sendMessage']>().returns.resolves.toEqualTypeOf<SendMessageResult>();
    expectTypeOf<{ room_id: number; body: string }>().toExtend<SendMessageParams>();
    expectTypeOf<{
      room_id: string;
      body: string;
      reply_to_message_id: number;
      metadata: { a: [1, 'x', null] };
    }>().toExtend<SendMessageParams>();
    expectTypeOf<{ room_id: number }>().not.toExtend<SendMessageParams>();
    expectTypeOf<{
      room_id: number;
      body: string;
      metadata: { f: () => void };
    }>().not.toExtend<SendMessageParams>();
  });

  it('a rate-limit error carries retryAfter', () => {
    expectTypeOf<MoMoTalkRateLimitError['retryAfter']>().toEqualTypeOf<number | undefined>();
  });
});

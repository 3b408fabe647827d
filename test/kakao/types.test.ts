import { describe, expectTypeOf, it } from 'vitest';
import * as zc from 'zod';
import * as z from 'zod/mini';
import type { JsonValue as RootJsonValue, WebhookErrorInfo } from '../../src/index.js';
import {
  type BizmessageHookContext,
  type BizmessageHookEvent,
  createBizmessageReceiver,
  createTalkShareReceiver,
  type JsonValue,
  type KakaoMessageType,
  type KakaoPayloadError,
  type MessageResultUpdateHook,
  parseTalkShareParams,
  readExtraField,
  type TalkShareArgs,
  type TalkShareChatType,
  type TalkShareWebhook,
  type TemplateCommentStatus,
  type TemplateStatus,
  type TemplateStatusUpdateHook,
  type talkShareKakaoParamsSchema,
  type UnknownBizmessageHook,
} from '../../src/kakao/index.js';

// Type-level tests: checked by `tsc --noEmit`; the `it` bodies only build values.

describe('Bizmessage types', () => {
  it('narrows parsed hooks on kind', () => {
    const narrow = (item: BizmessageHookEvent) => {
      if (item.kind === 'MESSAGE_RESULT_UPDATE') {
        expectTypeOf(item.hook).toEqualTypeOf<MessageResultUpdateHook>();
        expectTypeOf(item.hook.recipientSeq).toEqualTypeOf<number | null | undefined>();
        expectTypeOf(item.hook.isAddedChannel).toEqualTypeOf<boolean | null | undefined>();
        expectTypeOf(item.hook.hookId).toEqualTypeOf<string>();
      } else if (item.kind === 'TEMPLATE_STATUS') {
        expectTypeOf(item.hook).toEqualTypeOf<TemplateStatusUpdateHook>();
        expectTypeOf(item.hook.templateCode).toEqualTypeOf<string>();
        const comment = item.hook.comments?.[0];
        expectTypeOf(comment?.id).toEqualTypeOf<number | string | null | undefined>();
      } else if (item.kind === 'INVALID') {
        expectTypeOf(item.hook).toEqualTypeOf<unknown>();
        expectTypeOf(item.error).toEqualTypeOf<KakaoPayloadError>();
      } else {
        expectTypeOf(item.hook).toEqualTypeOf<UnknownBizmessageHook>();
        expectTypeOf(item.event).toEqualTypeOf<string | undefined>();
      }
    };
    expectTypeOf(narrow).toBeFunction();
  });

  it('hooks and the envelope are exact: a typo does not compile; readExtraField reads extras', () => {
    const compileOnly = (hook: MessageResultUpdateHook, template: TemplateStatusUpdateHook) => {
      // @ts-expect-error a typo of resultCode
      void hook.resultCod;
      // @ts-expect-error not declared by the schema
      void hook._links?.self?.hreff;
      // @ts-expect-error a typo of templateCode
      void template.templatecode;
      // @ts-expect-error not declared on a comment
      void template.comments?.[0]?.text;
      expectTypeOf(readExtraField(hook, 'newField')).toEqualTypeOf<unknown>();
    };
    const envelope = (item: BizmessageHookEvent) => {
      // @ts-expect-error not declared on the envelope
      void item.envelope.hookId;
    };
    expectTypeOf(compileOnly).toBeFunction();
    expectTypeOf(envelope).toBeFunction();
  });

  it('open-string literal unions autocomplete known values and accept others', () => {
    expectTypeOf<'ALIMTALK_NORMAL'>().toExtend<KakaoMessageType>();
    expectTypeOf<'BRAND_MESSAGE_MASS'>().toExtend<KakaoMessageType>();
    expectTypeOf<'SOMETHING_NEW'>().toExtend<KakaoMessageType>();
    expectTypeOf<'TSC03'>().toExtend<TemplateStatus>();
    expectTypeOf<'REQ'>().toExtend<TemplateCommentStatus>();
    expectTypeOf<'OpenMultiChat'>().toExtend<TalkShareChatType>();
    // The known literals are still part of the type (that is what editors autocomplete from).
    expectTypeOf<Extract<TemplateStatus, 'TSC01'>>().toEqualTypeOf<'TSC01'>();
    expectTypeOf<number>().not.toExtend<KakaoMessageType>();
  });

  it('on() narrows the hook to the event, and rejects unknown event names', () => {
    const receiver = createBizmessageReceiver({ signature: 'x' });
    receiver.on('MESSAGE_RESULT_UPDATE', (hook, ctx) => {
      expectTypeOf(hook).toEqualTypeOf<MessageResultUpdateHook>();
      expectTypeOf(ctx).toEqualTypeOf<BizmessageHookContext>();
    });
    receiver.onTemplateStatus((hook) => {
      expectTypeOf(hook.status).toEqualTypeOf<TemplateStatus>();
    });
    // @ts-expect-error: only documented events are keys of on()
    expectTypeOf(receiver.on).toBeCallableWith('TEMPLATE_STATUS_UPDATE', () => {});
    expectTypeOf(receiver).toBeCallableWith(new Request('https://x'));
    expectTypeOf(receiver(new Request('https://x'))).resolves.toEqualTypeOf<Response>();
  });

  it('onError info has the MoMoTalk handler field names (phase, event, eventId)', () => {
    createBizmessageReceiver({
      signature: 's',
      onError: (_error, info) => {
        expectTypeOf(info.event).toEqualTypeOf<BizmessageHookEvent | undefined>();
        expectTypeOf(info.eventId).toEqualTypeOf<string | undefined>();
        expectTypeOf(info.phase).toEqualTypeOf<WebhookErrorInfo['phase']>();
      },
    });
    createTalkShareReceiver({
      adminKey: 'k',
      onError: (_error, info) => {
        expectTypeOf(info.event).toEqualTypeOf<TalkShareWebhook<unknown> | undefined>();
      },
    });
  });

  it('signature is required', () => {
    // @ts-expect-error: no signature
    expectTypeOf(createBizmessageReceiver).toBeCallableWith({});
  });
});

describe('Talk Share types', () => {
  it('serverCallbackArgs is typed by a zod/mini schema', () => {
    const receiver = createTalkShareReceiver({
      adminKey: 'k',
      serverCallbackArgs: z.object({ shareId: z.string(), count: z.optional(z.number()) }),
    });
    receiver.onShare((share) => {
      expectTypeOf(share.serverCallbackArgs).toEqualTypeOf<{ shareId: string; count?: number | undefined }>();
      expectTypeOf(share.CHAT_TYPE).toEqualTypeOf<TalkShareChatType>();
      expectTypeOf(share.TEMPLATE_ID).toEqualTypeOf<number | undefined>();
      expectTypeOf(share.IS_SINGLE_CHATROOM).toEqualTypeOf<boolean | undefined>();
    });
  });

  it('serverCallbackArgs is typed by a classic zod schema, with coercion', () => {
    const share = parseTalkShareParams(
      new URLSearchParams('CHAT_TYPE=MemoChat&HASH_CHAT_ID=h&product_id=1'),
      {
        serverCallbackArgs: zc.object({ product_id: zc.coerce.number() }),
      },
    );
    expectTypeOf(share).toEqualTypeOf<TalkShareWebhook<{ product_id: number }>>();
  });

  it('JsonValue is the one type the root entry exports too', () => {
    expectTypeOf<JsonValue>().toEqualTypeOf<RootJsonValue>();
    expectTypeOf<TalkShareArgs>().toEqualTypeOf<Record<string, RootJsonValue>>();
  });

  it('without a schema the args are untyped JSON values', () => {
    const receiver = createTalkShareReceiver({ adminKey: 'k' });
    receiver.onShare((share, ctx) => {
      expectTypeOf(share.serverCallbackArgs).toEqualTypeOf<TalkShareArgs>();
      expectTypeOf(ctx.resourceId).toEqualTypeOf<string | undefined>();
    });
    expectTypeOf(parseTalkShareParams({ CHAT_TYPE: 'MemoChat', HASH_CHAT_ID: 'h' })).toEqualTypeOf<
      TalkShareWebhook<TalkShareArgs>
    >();
  });

  it('the Kakao parameter schema infers exact types, never any', () => {
    type Output = z.output<typeof talkShareKakaoParamsSchema>;
    type Input = z.input<typeof talkShareKakaoParamsSchema>;
    expectTypeOf<Output['TEMPLATE_ID']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<Output['IS_SINGLE_CHATROOM']>().toEqualTypeOf<boolean | undefined>();
    expectTypeOf<Output['CHAT_MEMBER_COUNT_RANGE']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<Input['TEMPLATE_ID']>().toEqualTypeOf<'' | null | number | string | undefined>();
    // The transforms themselves are typed too: `z.transform(Number)` declared ZodMiniTransform<number, any>.
    type Shape = typeof talkShareKakaoParamsSchema.shape;
    type LastTransform<T extends Shape['TEMPLATE_ID' | 'IS_SINGLE_CHATROOM' | 'CHAT_MEMBER_COUNT_RANGE']> =
      T['_zod']['def']['innerType']['_zod']['def']['options'][2]['_zod']['def']['out'];
    expectTypeOf<z.input<LastTransform<Shape['TEMPLATE_ID']>>>().toEqualTypeOf<string>();
    expectTypeOf<z.input<LastTransform<Shape['CHAT_MEMBER_COUNT_RANGE']>>>().toEqualTypeOf<number>();
    expectTypeOf<z.input<LastTransform<Shape['IS_SINGLE_CHATROOM']>>>().toEqualTypeOf<string>();
  });

  it('has no acknowledge option (always before processing)', () => {
    // @ts-expect-error: acknowledge is not an option of the Talk Share receiver
    createTalkShareReceiver({ adminKey: 'k', acknowledge: 'after-processing' });
  });
});

import type { FetchHandler } from '../../adapters/fetch.js';
import type { JsonValue } from '../../internal/json-value.js';
import { createReceiver, type Receiver } from '../../receiver/create-receiver.js';
import { mountReceiver } from '../../receiver/mount-receiver.js';
import type { IncomingDelivery } from '../../receiver/ports.js';
import type { ReceiverOptions } from '../../receiver/receiver-options.js';
import { rejectDelivery } from '../../receiver/rejection.js';
import type { KakaoErrorInfo } from '../kakao-error-info.js';
import type { KakaoPayloadError } from '../kakao-payload-error.js';
import { parseOrReject } from '../payload-rejection.js';
import type { BizmessageEnvelope } from './envelope.js';
import type { BizmessageHookEvent, UnknownBizmessageHook } from './hook-event.js';
import type { MessageResultUpdateHook } from './message-result-hook.js';
import { type BizmessageParseOptions, parseBizmessageWebhook } from './parse-bizmessage-webhook.js';
import type { TemplateStatusUpdateHook } from './template-status-hook.js';
import { signatureMatcher } from './verify-bizmessage-signature.js';

const CALLER = 'createBizmessageReceiver';

/**
 * The documented Bizmessage events and the hook type each carries: the keys `receiver.on()` accepts.
 *
 * @example
 * ```ts
 * import type { BizmessageEventMap } from 'momotalk-bot-sdk/kakao';
 *
 * type Hook = BizmessageEventMap['MESSAGE_RESULT_UPDATE'];
 * ```
 */
export interface BizmessageEventMap {
  /** A message's delivery result. */
  MESSAGE_RESULT_UPDATE: MessageResultUpdateHook;
}

/**
 * What a Bizmessage hook handler gets besides the hook.
 *
 * @example
 * ```ts
 * receiver.on('MESSAGE_RESULT_UPDATE', (hook, ctx: BizmessageHookContext) => {
 *   console.log(ctx.envelope.hooksId, ctx.index, hook.hookId);
 * });
 * ```
 */
export interface BizmessageHookContext {
  /** The delivery's envelope (`hooksId`, `appKey`, `event`, …) as sent. */
  readonly envelope: BizmessageEnvelope;
  /** The envelope's `event`, `undefined` when absent. */
  readonly event: string | undefined;
  /** The hook's position in the delivery's `hooks`. */
  readonly index: number;
  /** The dedupe key: the `hookId` (or `hooksId#index` for an unknown hook without one). */
  readonly key: string;
  /** The HTTP request, e.g. to read a header. */
  readonly delivery: IncomingDelivery;
}

/**
 * A handler for one hook; may be async. Throwing marks the hook failed (see `createBizmessageReceiver`).
 *
 * @example
 * ```ts
 * const handler: BizmessageHookHandler<MessageResultUpdateHook> = async (hook) => {
 *   await db.saveResult(hook.requestId, hook.resultCode);
 * };
 * ```
 */
export type BizmessageHookHandler<THook> = (
  hook: THook,
  context: BizmessageHookContext,
) => void | Promise<void>;

/**
 * Handles a hook that could not be read (a hook of a known event with the wrong shape, or not an object):
 * the hook as sent, why it is invalid, and where it was. May be async; throwing marks the hook failed.
 *
 * @example
 * ```ts
 * const onInvalid: BizmessageInvalidHookHandler = (hook, error, ctx) => {
 *   console.warn(`hook #${ctx.index} of ${ctx.envelope.hooksId} skipped:`, error.message);
 * };
 * ```
 */
export type BizmessageInvalidHookHandler = (
  hook: unknown,
  error: KakaoPayloadError,
  context: BizmessageHookContext,
) => void | Promise<void>;

/**
 * Options of {@link createBizmessageReceiver}.
 *
 * @example
 * ```ts
 * const options: BizmessageReceiverOptions = {
 *   signature: process.env.NHN_WEBHOOK_SIGNATURE!,
 *   maxBodyBytes: 256 * 1024,
 *   onError: (error, info) => console.error(info.phase, error),
 * };
 * ```
 */
export interface BizmessageReceiverOptions
  extends ReceiverOptions<BizmessageHookEvent>,
    BizmessageParseOptions {
  /**
   * The signature text typed in the NHN Cloud console's webhook settings, compared in constant time with
   * `X-Toast-Webhook-Signature`; an array accepts any of several (while changing it). Required: a receiver
   * without it throws at creation instead of accepting everything.
   */
  readonly signature: string | readonly string[];
  /**
   * Handles hooks of any other event, like `receiver.onUnknown()` (and after the handlers added with it),
   * as the MoMoTalk handler's `onUnknown` option does. Without any, such hooks are acknowledged and dropped.
   * @default undefined
   */
  readonly onUnknown?: BizmessageHookHandler<UnknownBizmessageHook> | undefined;
  /**
   * Handles hooks that could not be read, like `receiver.onInvalidHook()` (and after the handlers added
   * with it). The other hooks of the delivery are processed and the delivery is answered 200 all the same.
   * @default undefined (with no handler at all, each invalid hook is logged with console.warn: its
   * position, key and the error's message, never the hook's values)
   */
  readonly onInvalidHook?: BizmessageInvalidHookHandler | undefined;
  /**
   * Called for every failure NHN cannot see in the response: a handler that threw (500, and its
   * hook's claim is released so a redelivery runs it again), a dedupe store error, an unreadable body.
   * Never for rejected deliveries (4xx; see `onRejected`). Errors it throws are ignored.
   * @default logs with console.error
   */
  readonly onError?:
    | ((error: unknown, info: KakaoErrorInfo<BizmessageHookEvent>) => void | Promise<void>)
    | undefined;
}

/**
 * The NHN Cloud KakaoTalk Bizmessage receiver: a Fetch handler, a `WebhookReceiver` for the adapters, and
 * the place to register hook handlers.
 *
 * @example
 * ```ts
 * import { createBizmessageReceiver, type BizmessageReceiver } from 'momotalk-bot-sdk/kakao';
 *
 * const receiver: BizmessageReceiver = createBizmessageReceiver({ signature: process.env.NHN_WEBHOOK_SIGNATURE! });
 * export default { fetch: receiver };
 * ```
 */
export interface BizmessageReceiver extends FetchHandler, Receiver {
  /**
   * Handles every hook of a documented event (fully typed). Several handlers for one event run in order.
   *
   * @example
   * ```ts
   * receiver.on('MESSAGE_RESULT_UPDATE', (hook) => console.log(hook.recipientNo, hook.resultCode));
   * ```
   */
  on<E extends keyof BizmessageEventMap>(
    event: E,
    handler: BizmessageHookHandler<BizmessageEventMap[E]>,
  ): BizmessageReceiver;
  /**
   * Handles template status / inquiry update hooks, recognised by event name or by shape.
   *
   * @example
   * ```ts
   * receiver.onTemplateStatus((hook) => {
   *   if (hook.status === 'TSC04') console.warn(`template ${hook.templateCode} rejected`);
   * });
   * ```
   */
  onTemplateStatus(handler: BizmessageHookHandler<TemplateStatusUpdateHook>): BizmessageReceiver;
  /**
   * Handles hooks of any other event (other NHN products, future events). Without a handler they are
   * acknowledged (2xx) and dropped.
   *
   * @example
   * ```ts
   * receiver.onUnknown((hook, ctx) => console.log('unhandled NHN event', ctx.event, hook));
   * ```
   */
  onUnknown(handler: BizmessageHookHandler<UnknownBizmessageHook>): BizmessageReceiver;
  /**
   * Handles hooks that could not be read: a hook of a known event with the wrong shape, or a hook that is
   * not an object. Such a hook never sinks the valid hooks in its delivery: they are processed, and the
   * delivery is answered 200 (a redelivery would not make the hook valid). Without a handler each one is
   * logged with `console.warn`.
   *
   * @example
   * ```ts
   * receiver.onInvalidHook((hook, error, ctx) => console.warn('skipped hook', ctx.index, error.issues));
   * ```
   */
  onInvalidHook(handler: BizmessageInvalidHookHandler): BizmessageReceiver;
}

/**
 * Creates a receiver for NHN Cloud KakaoTalk Bizmessage webhooks, built on the SDK's delivery pipeline.
 *
 * Per delivery: POST only (405 otherwise) → `X-Toast-Webhook-Signature` compared in constant time with
 * `signature` before the body is read (401 `missing_signature` / `invalid_signature`; a header sent twice
 * is joined with `", "` and refused) → body up to `maxBodyBytes` (413) → JSON
 * envelope and hooks parsed (400 `invalid_json` for an empty or non-JSON body; 400 `invalid_payload` for
 * a missing `hooksId` or `hooks` not an array) → each hook, in order, deduplicated by its `hookId` and
 * dispatched to its handler → 200 `{"ok":true}`. Hooks of unknown events are answered 2xx. A hook of a
 * known event with the wrong shape goes to `onInvalidHook` (else a `console.warn`) and does not fail the
 * delivery: the valid hooks beside it are processed.
 *
 * Deduplication is per hook, on `hookId` (an unknown hook without one: `hooksId#index`), not on the
 * envelope's `hooksId`: NHN makes a new `hooksId` for every POST, so only the hook ids recognise a
 * redelivery, and a partly failed delivery re-runs only the hooks that failed.
 *
 * The `Content-Type` is not checked (NHN sends `application/json;charset=UTF-8`); the body must be JSON.
 *
 * NHN does not document retries or a deadline. By default (`acknowledge: 'after-processing'`) a handler
 * that throws gives 500, its hook's claim is released so a redelivery runs it again, and hooks already
 * processed are skipped then. `acknowledge: 'before-processing'` answers 200 first and processes after.
 *
 * @param options - The signature text and the pipeline options; see {@link BizmessageReceiverOptions}.
 * @returns The receiver: `await receiver(request)` as a Fetch handler, or mount it with an adapter.
 * @throws {TypeError} When `signature` is missing, empty or a placeholder (`"undefined"`, `"null"`), or a pipeline option is invalid.
 *
 * @example
 * ```ts
 * import { createBizmessageReceiver, parseKoreanDateTime } from 'momotalk-bot-sdk/kakao';
 *
 * const receiver = createBizmessageReceiver({ signature: process.env.NHN_WEBHOOK_SIGNATURE! })
 *   .on('MESSAGE_RESULT_UPDATE', async (hook) => {
 *     await db.saveResult(hook.requestId, hook.recipientSeq, hook.resultCode);
 *   })
 *   .onTemplateStatus((hook) => {
 *     console.log(hook.templateCode, hook.status, parseKoreanDateTime(hook.updateDate));
 *   });
 *
 * export default { fetch: receiver }; // Bun, Deno, Cloudflare Workers; or toNodeListener(receiver)
 * ```
 */
export function createBizmessageReceiver(options: BizmessageReceiverOptions): BizmessageReceiver {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`[momotalk-bot-sdk] ${CALLER}: pass an options object, e.g. { signature: '…' }.`);
  }
  const signatureMatches = signatureMatcher(options.signature, CALLER);
  const messageResult: BizmessageHookHandler<MessageResultUpdateHook>[] = [];
  const templateStatus: BizmessageHookHandler<TemplateStatusUpdateHook>[] = [];
  const unknown: BizmessageHookHandler<UnknownBizmessageHook>[] = [];
  const invalid: BizmessageInvalidHookHandler[] = [];
  const parseOptions: BizmessageParseOptions = { templateStatusEvents: options.templateStatusEvents };
  const onUnknown =
    options.onUnknown === undefined ? undefined : assertHandler(options.onUnknown, 'onUnknown', true);
  const onInvalidHook =
    options.onInvalidHook === undefined
      ? undefined
      : assertHandler(options.onInvalidHook, 'onInvalidHook', true);

  const core = createReceiver<BizmessageHookEvent>(
    {
      caller: CALLER,
      methods: ['POST'],
      describe: (item) => ({ event: item, eventId: item.key }),
      // The header is the whole credential, so it is checked before a byte of the body is read.
      checkHeaders(delivery) {
        const header = delivery.header('x-toast-webhook-signature');
        if (header === undefined || header === '') return rejectDelivery(401, 'missing_signature');
        return signatureMatches(header) ? undefined : rejectDelivery(401, 'invalid_signature');
      },
      authenticate: () => undefined,
      parse: (_delivery, body) => parseOrReject(() => parseBizmessageWebhook(body, parseOptions).hooks),
      // An invalid hook has its own key space: reporting it must not mark a later, valid copy a duplicate.
      // With an inbox: one lane per delivery, so its hooks (often one message's successive states) keep
      // their order; the error of an invalid hook is not stored (a worker gets its raw hook).
      inboxEntry: (item) => ({
        lane: `nhn-bizmessage:${item.envelope.hooksId}`,
        payload: {
          kind: item.kind,
          key: item.key,
          index: item.index,
          hook: item.hook,
          envelope: item.envelope,
        } as {
          readonly [key: string]: JsonValue;
        },
      }),
      idempotencyKey: (item) =>
        item.kind === 'INVALID'
          ? `nhn-bizmessage:invalid-hook:${item.key}`
          : `nhn-bizmessage:hook:${item.key}`,
      async process(item, delivery) {
        const context: BizmessageHookContext = {
          envelope: item.envelope,
          event: item.envelope.event ?? undefined,
          index: item.index,
          key: item.key,
          delivery,
        };
        if (item.kind === 'MESSAGE_RESULT_UPDATE') await runAll(messageResult, item.hook, context);
        else if (item.kind === 'TEMPLATE_STATUS') await runAll(templateStatus, item.hook, context);
        else if (item.kind === 'INVALID') {
          for (const handler of invalid) await handler(item.hook, item.error, context);
          if (onInvalidHook !== undefined) await onInvalidHook(item.hook, item.error, context);
          if (invalid.length === 0 && onInvalidHook === undefined) {
            console.warn(
              `[momotalk-bot-sdk] ${CALLER}: hook #${item.index} (${item.key}) of ${item.envelope.hooksId} ` +
                `skipped: ${item.error.message} Handle such hooks with onInvalidHook.`,
            );
          }
        } else {
          await runAll(unknown, item.hook, context);
          if (onUnknown !== undefined) await onUnknown(item.hook, context);
        }
      },
    },
    options,
  );

  const receiver = mountReceiver(core, {
    on<E extends keyof BizmessageEventMap>(event: E, handler: BizmessageHookHandler<BizmessageEventMap[E]>) {
      if (event !== 'MESSAGE_RESULT_UPDATE') {
        throw new TypeError(
          `[momotalk-bot-sdk] ${CALLER}: on() takes 'MESSAGE_RESULT_UPDATE'; use onTemplateStatus() for ` +
            'template status hooks and onUnknown() for other events.',
        );
      }
      messageResult.push(assertHandler(handler, 'on'));
      return receiver;
    },
    onTemplateStatus(handler: BizmessageHookHandler<TemplateStatusUpdateHook>) {
      templateStatus.push(assertHandler(handler, 'onTemplateStatus'));
      return receiver;
    },
    onUnknown(handler: BizmessageHookHandler<UnknownBizmessageHook>) {
      unknown.push(assertHandler(handler, 'onUnknown'));
      return receiver;
    },
    onInvalidHook(handler: BizmessageInvalidHookHandler) {
      invalid.push(assertHandler(handler, 'onInvalidHook'));
      return receiver;
    },
  });
  return receiver as BizmessageReceiver;
}

async function runAll<THook>(
  handlers: readonly BizmessageHookHandler<THook>[],
  hook: THook,
  context: BizmessageHookContext,
): Promise<void> {
  for (const handler of handlers) await handler(hook, context);
}

function assertHandler<T>(handler: T, method: string, option = false): T {
  if (typeof handler !== 'function') {
    const what = option ? `the ${method} option` : `${method}()`;
    throw new TypeError(`[momotalk-bot-sdk] ${CALLER}: ${what} needs a handler function.`);
  }
  return handler;
}

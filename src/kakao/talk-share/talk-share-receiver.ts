import type * as z from 'zod/mini';
import type { FetchHandler } from '../../adapters/fetch.js';
import type { JsonValue } from '../../internal/json-value.js';
import { createReceiver, type Receiver } from '../../receiver/create-receiver.js';
import { mountReceiver } from '../../receiver/mount-receiver.js';
import type { IncomingDelivery } from '../../receiver/ports.js';
import type { ReceiverOptions } from '../../receiver/receiver-options.js';
import { rejectDelivery } from '../../receiver/rejection.js';
import type { KakaoErrorInfo } from '../kakao-error-info.js';
import { parseOrReject } from '../payload-rejection.js';
import { parseTalkShareParams, type TalkShareParseOptions } from './parse-talk-share-params.js';
import { readTalkShareParams } from './read-talk-share-request.js';
import type { TalkShareArgs, TalkShareWebhook } from './talk-share-params.js';
import { adminKeyMatcher } from './verify-talk-share-authorization.js';

const CALLER = 'createTalkShareReceiver';

/**
 * What a Talk Share handler gets besides the parsed webhook.
 *
 * @example
 * ```ts
 * receiver.onShare((share, ctx: TalkShareContext) => console.log(ctx.resourceId, share.HASH_CHAT_ID));
 * ```
 */
export interface TalkShareContext {
  /** `X-Kakao-Resource-ID`: unique per webhook, the dedupe key; `undefined` if Kakao ever omits it. */
  readonly resourceId: string | undefined;
  /** `User-Agent` (`KakaoOpenAPI/1.0`): a hint, not proof of origin. */
  readonly userAgent: string | undefined;
  /** The HTTP request. */
  readonly delivery: IncomingDelivery;
}

/**
 * A Talk Share handler; may be async. It runs after Kakao was answered, so its failure only reaches
 * `onError`.
 *
 * @example
 * ```ts
 * const handler: TalkShareHandler = async (share) => {
 *   await db.recordShare(share.serverCallbackArgs.shareId, share.CHAT_TYPE);
 * };
 * ```
 */
export type TalkShareHandler<Args = TalkShareArgs> = (
  share: TalkShareWebhook<Args>,
  context: TalkShareContext,
) => void | Promise<void>;

/**
 * Options of {@link createTalkShareReceiver}. There is no `acknowledge` option: Talk Share webhooks are
 * always acknowledged before processing (Kakao wants 2XX within 3 seconds and does not retry).
 *
 * @typeParam Schema - The zod schema of the app's `serverCallbackArgs`.
 *
 * @example
 * ```ts
 * import * as z from 'zod/mini';
 *
 * const options: TalkShareReceiverOptions = {
 *   adminKey: process.env.KAKAO_ADMIN_KEY!,
 *   serverCallbackArgs: z.object({ shareId: z.string() }),
 * };
 * ```
 */
export interface TalkShareReceiverOptions<Schema extends z.core.$ZodType = z.core.$ZodType>
  extends Omit<ReceiverOptions<TalkShareWebhook<unknown>>, 'acknowledge'>,
    TalkShareParseOptions<Schema> {
  /**
   * The app's primary admin key; requests must carry `Authorization: KakaoAK <adminKey>`. An array
   * accepts any of several (while changing keys). Required: a receiver without it throws at creation.
   */
  readonly adminKey: string | readonly string[];
  /**
   * The methods accepted: Kakao uses the one registered in the app settings. Any other gets 405.
   * @default ['GET', 'POST']
   */
  readonly methods?: readonly ('GET' | 'POST')[];
  /**
   * Called for every failure: a handler that threw (Kakao already got its 200), a dedupe store error, an
   * unreadable body. Never for rejected deliveries (4xx; see `onRejected`). Errors it throws are ignored.
   * @default logs with console.error
   */
  readonly onError?:
    | ((error: unknown, info: KakaoErrorInfo<TalkShareWebhook<unknown>>) => void | Promise<void>)
    | undefined;
}

/** The pipeline's item: the share and the delivery's `X-Kakao-Resource-ID`, read once. */
interface TalkShareItem {
  readonly share: TalkShareWebhook<unknown>;
  readonly resourceId: string | undefined;
}

/**
 * The Kakao Talk Share webhook receiver: a Fetch handler, a `WebhookReceiver` for the adapters, and the
 * place to register the share handler.
 *
 * @typeParam Args - The type of `serverCallbackArgs`.
 *
 * @example
 * ```ts
 * import { createTalkShareReceiver, type TalkShareReceiver } from 'momotalk-bot-sdk/kakao';
 *
 * const receiver: TalkShareReceiver = createTalkShareReceiver({ adminKey: process.env.KAKAO_ADMIN_KEY! });
 * ```
 */
export interface TalkShareReceiver<Args = TalkShareArgs> extends FetchHandler, Receiver {
  /**
   * Handles each delivered share (one per chat room). Several handlers run in order.
   *
   * @example
   * ```ts
   * receiver.onShare((share) => console.log(share.CHAT_TYPE, share.serverCallbackArgs));
   * ```
   */
  onShare(handler: TalkShareHandler<Args>): TalkShareReceiver<Args>;
}

/**
 * Creates a receiver for Kakao Talk Share webhooks, built on the SDK's delivery pipeline.
 *
 * Per delivery: GET or POST (405 otherwise) → `Authorization` checked in constant time against
 * `KakaoAK <adminKey>` before the body is read (401 `missing_authorization` / `invalid_authorization`; a
 * header sent twice is joined with `", "` and refused) → body up to `maxBodyBytes` (413) →
 * parameters parsed from the query string (GET) or the body (POST: JSON, or a form; a missing or other
 * Content-Type is tried as JSON, then as a form) into one typed object (400 `invalid_json`,
 * `invalid_payload`, or `repeated_parameter` when a key appears twice) → 200 `{"ok":true}` at once → the
 * handlers run after, deduplicated on `X-Kakao-Resource-ID`. A handler that throws is reported to
 * `onError`; Kakao still got its 2XX (it never retries, so a 5xx would change nothing but its logs).
 * Background work uses the runtime's `waitUntil` when there is one (Workers, Vercel, or the `waitUntil`
 * option), otherwise it runs in this process: call `receiver.close()` on shutdown to let it finish.
 *
 * @param options - The admin key, the `serverCallbackArgs` schema and the pipeline options; see
 * {@link TalkShareReceiverOptions}.
 * @returns The receiver: `await receiver(request)` as a Fetch handler, or mount it with an adapter.
 * @throws {TypeError} When `adminKey` is missing, empty or a placeholder (`"undefined"`, `"null"`), or a pipeline option is invalid.
 *
 * @example
 * ```ts
 * import * as z from 'zod';
 * import { createTalkShareReceiver } from 'momotalk-bot-sdk/kakao';
 *
 * const receiver = createTalkShareReceiver({
 *   adminKey: process.env.KAKAO_ADMIN_KEY!,
 *   serverCallbackArgs: z.object({ shareId: z.string(), uid: z.string() }),
 * }).onShare(async (share) => {
 *   await db.recordShare(share.serverCallbackArgs.shareId, share.CHAT_TYPE, share.HASH_CHAT_ID);
 * });
 *
 * export default { fetch: receiver };
 * ```
 */
export function createTalkShareReceiver<Schema extends z.core.$ZodType>(
  options: TalkShareReceiverOptions<Schema> & { readonly serverCallbackArgs: Schema },
): TalkShareReceiver<z.core.output<Schema>>;
export function createTalkShareReceiver(options: TalkShareReceiverOptions): TalkShareReceiver<TalkShareArgs>;
export function createTalkShareReceiver(options: TalkShareReceiverOptions): TalkShareReceiver<unknown> {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`[momotalk-bot-sdk] ${CALLER}: pass an options object, e.g. { adminKey: '…' }.`);
  }
  const adminKeyMatches = adminKeyMatcher(options.adminKey, CALLER);
  const handlers: TalkShareHandler<unknown>[] = [];
  const parseOptions: TalkShareParseOptions = { serverCallbackArgs: options.serverCallbackArgs };

  const core = createReceiver<TalkShareItem, TalkShareWebhook<unknown>>(
    {
      caller: CALLER,
      describe: (item) => ({ event: item.share, eventId: item.resourceId }),
      methods: options.methods ?? ['GET', 'POST'],
      // The header is the whole credential, so it is checked before a byte of the body is read.
      checkHeaders(delivery) {
        const header = delivery.header('authorization');
        if (header === undefined || header === '') return rejectDelivery(401, 'missing_authorization');
        return adminKeyMatches(header) ? undefined : rejectDelivery(401, 'invalid_authorization');
      },
      authenticate: () => undefined,
      parse: (delivery, body) =>
        parseOrReject(() => {
          const params = readTalkShareParams(
            delivery.method.toUpperCase(),
            delivery.url,
            delivery.header('content-type'),
            body,
          );
          const share = parseTalkShareParams(params, parseOptions);
          return [{ share, resourceId: delivery.header('x-kakao-resource-id') || undefined }];
        }),
      // With an inbox: nothing to keep in order between shares, so each is a lane of its own.
      inboxEntry: (item) => ({
        lane: `kakao-talk-share:${item.resourceId ?? globalThis.crypto.randomUUID()}`,
        payload: { share: item.share, resourceId: item.resourceId } as unknown as {
          readonly [key: string]: JsonValue;
        },
      }),
      idempotencyKey: (item) =>
        item.resourceId === undefined ? undefined : `kakao-talk-share:${item.resourceId}`,
      async process(item, delivery) {
        const context: TalkShareContext = {
          resourceId: item.resourceId,
          userAgent: delivery.header('user-agent'),
          delivery,
        };
        for (const handler of handlers) await handler(item.share, context);
      },
    },
    // Always: Kakao never retries and wants its 2xx within 3 s, whatever the caller passed.
    { ...options, acknowledge: 'before-processing' },
  );

  const receiver = mountReceiver(core, {
    onShare(handler: TalkShareHandler<unknown>) {
      if (typeof handler !== 'function') {
        throw new TypeError(`[momotalk-bot-sdk] ${CALLER}: onShare() needs a handler function.`);
      }
      handlers.push(handler);
      return receiver;
    },
  });
  return receiver as TalkShareReceiver<unknown>;
}

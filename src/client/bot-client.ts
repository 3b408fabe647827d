import { MoMoTalkConnectionError } from '../errors/connection-error.js';
import { MoMoTalkTimeoutError } from '../errors/timeout-error.js';
import type { Logger } from '../telemetry/logger.js';
import type { SendTrace, Telemetry } from '../telemetry/telemetry.js';
import { type ClientConfig, checkMs, resolveClientConfig } from './client-config.js';
import type { BotClientHooks, BotClientOptions, RequestOptions } from './client-options.js';
import { loadKy } from './load-ky.js';
import type { ReplyTarget } from './reply-target.js';
import { limitErrorBodies, readBodyText } from './response-body.js';
import { type RetryPolicy, resolveRetryPolicy } from './retry-policy.js';
import { RoomQueue } from './room-queue.js';
import { SendCall } from './send-call.js';
import { type SendMessageParams, validateSendMessageParams } from './send-message-params.js';
import { type SendMessageResult, toSendMessageResult } from './send-message-result.js';

/**
 * The Bot API client: sends messages as the bot, `POST {baseUrl}/bots/{bot_id}/messages` with
 * `Authorization: Bearer <token>`. ky sends the request, times it out, waits and retries; the client
 * decides what is safe to retry and turns failures into the SDK's errors.
 *
 * - Input is validated before anything is sent (a `TypeError` naming each problem, no request).
 * - Errors are `MoMoTalkApiError` (and a subclass per status), `MoMoTalkConnectionError` and
 *   `MoMoTalkTimeoutError`; none of them, nor any log line or hook, holds the token.
 * - Only what cannot have been processed is retried by default: 429 and 503 (honouring `Retry-After`)
 *   and connections that failed before sending. The API has no idempotency key, so a timeout, a
 *   connection lost after sending, or another 5xx is not retried unless `retry.unsafe` is set.
 * - ky is imported on the first request, so importing the SDK for webhooks never loads it.
 * - Redirects are not followed: a 3xx rejects with a `MoMoTalkApiError`, so the token never travels on.
 *
 * @example
 * ```ts
 * import { BotClient } from 'momotalk-bot-sdk';
 *
 * // botId, token and baseUrl default to MOMOTALK_BOT_ID, MOMOTALK_BOT_TOKEN, MOMOTALK_API_BASE_URL.
 * const client = new BotClient();
 * await client.sendMessage({ room_id: 123, body: 'Hello!' });
 * ```
 */
export class BotClient {
  /** The bot id requests are sent for. */
  readonly botId: string;
  /** The Bot API base URL, without a trailing `/`. */
  readonly baseUrl: string;
  readonly #config: ClientConfig;
  readonly #retry: RetryPolicy;
  readonly #fetch: typeof globalThis.fetch | undefined;
  readonly #hooks: BotClientHooks | undefined;
  readonly #logger: Logger | undefined;
  readonly #telemetry: Telemetry | undefined;
  readonly #queue: RoomQueue | undefined;
  readonly #headers: Record<string, string>;
  #transport:
    | { readonly under: typeof globalThis.fetch; readonly limited: typeof globalThis.fetch }
    | undefined;

  /**
   * @throws {TypeError} When no bot id or token is given (the message names the option and the
   * environment variable), when `baseUrl` is not an http(s) URL or is `http:` for a host other than
   * loopback without `allowInsecureHttp`, or an option is out of range.
   */
  constructor(options: BotClientOptions = {}) {
    this.#config = resolveClientConfig(options);
    this.#retry = resolveRetryPolicy(options.retry);
    this.#fetch = options.fetch;
    this.#hooks = options.hooks;
    this.#logger = options.logger;
    this.#telemetry = options.telemetry;
    this.#queue = options.orderedRooms === true ? new RoomQueue() : undefined;
    this.#headers = {
      authorization: `Bearer ${this.#config.token}`,
      'content-type': 'application/json',
      accept: 'application/json',
      'user-agent': this.#config.userAgent,
    };
    this.botId = this.#config.botId;
    this.baseUrl = this.#config.baseUrl;
  }

  /**
   * Sends a message to a room: `POST /bots/{bot_id}/messages` with the platform's wire names.
   *
   * Resolves with the parsed answer and the raw response. The answer's shape is undocumented, so any
   * 2xx is a success (see {@link SendMessageResult}).
   *
   * @throws {TypeError} (as a rejection, before any request) when `room_id` is missing, `body` is empty,
   * or `metadata` is not JSON-serialisable.
   * @throws {MoMoTalkApiError} A non-2xx answer (a subclass per status family).
   * @throws {MoMoTalkConnectionError} No answer: refused, DNS failure, connection lost.
   * @throws {MoMoTalkTimeoutError} An attempt ran over `timeout`, or the call over `totalTimeout`.
   * @throws `signal.reason` when `options.signal` aborts.
   *
   * @example
   * ```ts
   * const result = await client.sendMessage(
   *   { room_id: 123, reply_to_message_id: 456, body: 'Thanks!', metadata: { intent: 'ack' } },
   *   { signal: AbortSignal.timeout(15_000) },
   * );
   * console.log(result.status, result.requestId);
   * ```
   */
  async sendMessage(params: SendMessageParams, options: RequestOptions = {}): Promise<SendMessageResult> {
    const wire = validateSendMessageParams(params);
    const body = JSON.stringify(wire);
    const policy = options.retry === undefined ? this.#retry : resolveRetryPolicy(options.retry, this.#retry);
    const timeout =
      options.timeout === undefined ? this.#config.timeout : checkMs('timeout', options.timeout, 0);
    const totalTimeout =
      options.totalTimeout === undefined
        ? this.#config.totalTimeout
        : Math.min(this.#config.totalTimeout, checkMs('totalTimeout', options.totalTimeout, 0));
    const run = (): Promise<SendMessageResult> => {
      const trace = this.#telemetry?.send?.({
        method: 'POST',
        url: this.#config.messagesUrl,
        roomId: String(wire.room_id),
      });
      const sending = this.#send(body, policy, timeout, totalTimeout, options.signal, trace);
      return trace === undefined ? sending : traced(sending, trace);
    };
    return this.#queue === undefined ? run() : this.#queue.run(String(wire.room_id), run);
  }

  /**
   * Answers a received message: sends `body` to `event.message.room_id` with `reply_to_message_id` set
   * to `event.message.message_id`.
   *
   * @throws The same as {@link BotClient.sendMessage}.
   *
   * @example
   * ```ts
   * handler.on('talk.message_created', async (event) => {
   *   await client.reply(event, `Echo: ${event.message.body}`, { metadata: { source: 'echo' } });
   * });
   * ```
   */
  async reply(
    event: ReplyTarget,
    body: string,
    extra: Pick<SendMessageParams, 'metadata'> = {},
    options: RequestOptions = {},
  ): Promise<SendMessageResult> {
    const message = (event as Partial<ReplyTarget> | null | undefined)?.message;
    if (typeof message !== 'object' || message === null) {
      throw new TypeError(
        '[momotalk-bot-sdk] reply: event.message is missing; pass a talk.message_created event.',
      );
    }
    return this.sendMessage(
      { ...extra, room_id: message.room_id, reply_to_message_id: message.message_id, body },
      options,
    );
  }

  async #send(
    body: string,
    policy: RetryPolicy,
    timeout: number,
    totalTimeout: number,
    signal: AbortSignal | undefined,
    trace: SendTrace | undefined,
  ): Promise<SendMessageResult> {
    // Loading ky (first request only) happens before the call's clocks start: it is not the API's time.
    const ky = await loadKy();
    signal?.throwIfAborted();
    const call = new SendCall({
      ky,
      config: this.#config,
      policy,
      timeout,
      totalTimeout,
      signal,
      hooks: this.#hooks,
      logger: this.#logger,
      trace,
    });
    let response: Response;
    try {
      response = await ky.default.post(this.#config.messagesUrl, {
        ...call.options(),
        body,
        headers: this.#headers,
        signal: signal ?? null,
        fetch: this.#transportFor(),
      });
    } catch (error) {
      // An abort rejects with the caller's reason, whatever ky made of it.
      if (signal?.aborted === true) throw signal.reason;
      throw error;
    }
    // ky's timers stop at the response headers; the body gets what is left of the attempt's time.
    const text = await readBodyText(response, Math.max(1, Math.min(timeout, call.remaining())));
    return toSendMessageResult(response, text);
  }

  /**
   * The `fetch` handed to ky: the option, else the global `fetch` of this call (so msw, a stub or an
   * instrumentation installed at any time is used), with error bodies limited.
   */
  #transportFor(): typeof globalThis.fetch {
    const under = this.#fetch ?? globalThis.fetch;
    if (this.#transport?.under !== under) {
      // limitErrorBodies calls `under` as a plain function: workerd's fetch throws "Illegal invocation"
      // when ky calls it as a method of its options object.
      this.#transport = { under, limited: limitErrorBodies(under) };
    }
    return this.#transport.limited;
  }
}

/** Ends the send's trace when the call settles. */
function traced(sending: Promise<SendMessageResult>, trace: SendTrace): Promise<SendMessageResult> {
  return sending.then(
    (result) => {
      trace.end(result.status, undefined, false);
      return result;
    },
    (error: unknown) => {
      // Sent, perhaps processed, but no answer: the message may or may not have been posted.
      const ambiguous =
        error instanceof MoMoTalkTimeoutError ||
        (error instanceof MoMoTalkConnectionError && !error.beforeSend);
      trace.end(undefined, error, ambiguous);
      throw error;
    },
  );
}

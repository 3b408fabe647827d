import { isSdkErrorNamed } from './momotalk-error.js';
import { MoMoTalkRequestError } from './request-error.js';

/**
 * What a {@link MoMoTalkConnectionError} is built from: for test doubles of the client.
 *
 * @example
 * ```ts
 * import { MoMoTalkConnectionError } from 'momotalk-bot-sdk';
 *
 * const error = new MoMoTalkConnectionError({
 *   method: 'POST', path: '/bots/bot_1/messages', code: 'ECONNREFUSED', beforeSend: true, cause: undefined,
 * });
 * ```
 */
export interface MoMoTalkConnectionErrorInit {
  /** Request method, e.g. `POST`. */
  readonly method: string;
  /** Request path below the base URL, e.g. `/bots/bot_1/messages`. */
  readonly path: string;
  /** The system error code found in the cause chain (`ECONNREFUSED`, `ENOTFOUND`, …), if any. */
  readonly code: string | undefined;
  /** True when the failure happened before any byte of the request was sent (refused, DNS). */
  readonly beforeSend: boolean;
  /** The transport's error, already stripped of request objects and headers. */
  readonly cause: unknown;
  /** Retries made before giving up (for the message). @default 0 */
  readonly retries?: number | undefined;
}

/**
 * No HTTP response arrived: the connection was refused, the host did not resolve, or the socket closed.
 * `code` is the system error code when one is known; `beforeSend` says whether the request can be known
 * not to have reached the server (only then is it retried by default).
 *
 * `cause` is a sanitized copy of the transport's error: the original may hold the request and its
 * `Authorization` header, so only names, messages, codes and addresses are kept.
 *
 * @example
 * ```ts
 * import { isMoMoTalkConnectionError } from 'momotalk-bot-sdk';
 *
 * if (isMoMoTalkConnectionError(error)) console.error(`cannot reach the Bot API (${error.code})`);
 * ```
 */
export class MoMoTalkConnectionError extends MoMoTalkRequestError {
  /** Always `'MoMoTalkConnectionError'`, in every copy of the package (what the `is…Error` guards check). */
  override name = 'MoMoTalkConnectionError';
  /** The system error code (`ECONNREFUSED`, `ENOTFOUND`, `ECONNRESET`, …), when known. */
  readonly code: string | undefined;
  /** True when the request certainly did not reach the server. */
  readonly beforeSend: boolean;

  constructor(init: MoMoTalkConnectionErrorInit) {
    const code = init.code === undefined ? '' : ` (${init.code})`;
    const retries = init.retries ?? 0;
    const retried = retries === 0 ? '' : ` after ${retries} ${retries === 1 ? 'retry' : 'retries'}`;
    // Only a failure before sending is a connection problem to fix; after sending, the message may be posted.
    // After retries, why they happened is not known here (earlier attempts may have failed before sending,
    // or retry.unsafe was set), so the message says only what is true of the last attempt.
    const after =
      retries === 0 ? 'not retried (retry.unsafe opts in)' : 'the last attempt failed after sending';
    const message = init.beforeSend
      ? `Request failed to connect${code}${retried}: ${init.method} ${init.path}. Check baseUrl / MOMOTALK_API_BASE_URL and the network.`
      : `Request failed without an answer${code}${retried}: ${init.method} ${init.path}. The message may have been delivered; ${after}.`;
    super(message, init, { cause: init.cause });
    this.code = init.code;
    this.beforeSend = init.beforeSend;
  }

  /** A plain summary for structured logs. */
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), code: this.code, beforeSend: this.beforeSend };
  }
}

/**
 * True for a {@link MoMoTalkConnectionError} from any copy of this package.
 *
 * @example
 * ```ts
 * if (isMoMoTalkConnectionError(error) && error.beforeSend) queueForLater(message);
 * ```
 */
export function isMoMoTalkConnectionError(value: unknown): value is MoMoTalkConnectionError {
  return isSdkErrorNamed(value, 'MoMoTalkConnectionError');
}

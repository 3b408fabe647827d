import type { SendMessageParams } from '../client/send-message-params.js';
import { type SendMessageResult, toSendMessageResult } from '../client/send-message-result.js';
import { isMoMoTalkApiError } from '../errors/api-error.js';
import { isMoMoTalkConnectionError } from '../errors/connection-error.js';
import { SKIP_SEND } from '../internal/skip-send.js';
import type { ReplyClient } from '../momotalk/handler/webhook-context.js';

/** @internal Where a ledger keeps its marks: the inbox's Redis (`LaneStore`) or memory. */
export interface LedgerStore {
  sendBegin(id: string, index: number): Promise<string>;
  sendDone(id: string, index: number, record: string): Promise<void>;
  sendForget(id: string, index: number): Promise<void>;
}

/**
 * A send from an earlier run of the same event whose outcome is not known: the request went out and no
 * answer came back (a timeout, the worker killed mid-request). What `onUnknownOutcome` is told.
 *
 * @example
 * ```ts
 * const onUnknownOutcome = (send: UnknownSend) => (send.params.body.startsWith('[receipt]') ? 'resend' : 'skip');
 * ```
 */
export interface UnknownSend {
  /** The inbox entry (the event's dedupe key). */
  readonly entryId: string;
  /** Which send of the handler it is: 0 for the first. */
  readonly index: number;
  /** What the handler asks to send this time. */
  readonly params: SendMessageParams;
}

/**
 * What to do with an {@link UnknownSend}: `'skip'` (the default: a duplicate chat message is the worse
 * outcome; the send resolves without a request) or `'resend'`.
 *
 * @example
 * ```ts
 * const decision: UnknownOutcomeDecision = 'skip';
 * ```
 */
export type UnknownOutcomeDecision = 'skip' | 'resend';

/**
 * The header on a send result the ledger produced without a request: `replayed` (a send confirmed in an
 * earlier run) or `skipped-unknown` (an unknown outcome, skipped).
 *
 * @example
 * ```ts
 * const result = await ctx.reply('hi');
 * if (result.headers.get(LEDGER_HEADER) === 'replayed') console.info('sent in an earlier run');
 * ```
 */
export const LEDGER_HEADER = 'x-momotalk-sdk-ledger';

/**
 * @internal Wraps a client so each send of one entry's run carries the key (entry id, send index) and is
 * recorded around the POST: pending before, done (with status and body) after. A re-run of the entry
 * (after a crash or a retry) gets the recorded result of a confirmed send without sending again; a send
 * left pending goes to `decide`. A send that certainly did not happen (the API answered with an error, or
 * the connection failed before the request was written) is forgotten, so a retry sends it.
 */
export function ledgeredClient(
  client: ReplyClient,
  store: LedgerStore,
  entryId: string,
  decide: (send: UnknownSend) => UnknownOutcomeDecision | Promise<UnknownOutcomeDecision>,
): ReplyClient {
  let next = 0;
  const send = async (
    params: SendMessageParams,
    post: () => Promise<SendMessageResult>,
  ): Promise<SendMessageResult> => {
    const index = next++;
    const state = await store.sendBegin(entryId, index);
    if (state.startsWith('d:')) return recorded(state.slice(2), 'replayed');
    if (state === 'pending' && (await decide({ entryId, index, params })) !== 'resend') {
      return recorded('{"status":200,"text":""}', 'skipped-unknown');
    }
    let result: SendMessageResult;
    try {
      result = await post();
    } catch (error) {
      if (certainlyNotSent(error)) {
        await store.sendForget(entryId, index);
      }
      throw error;
    }
    await store.sendDone(entryId, index, JSON.stringify({ status: result.status, text: result.text }));
    return result;
  };
  const ledgered: ReplyClient & { [SKIP_SEND]: () => void } = {
    sendMessage: (params, options) => send(params, () => client.sendMessage(params, options)),
    reply: (event, body, extra, options) =>
      send({ room_id: event.message.room_id, body }, () => client.reply(event, body, extra, options)),
    // A send replayed from a conversation's journal keeps its number, so the sends after it keep theirs.
    [SKIP_SEND]: () => {
      next += 1;
    },
  };
  return ledgered;
}

/**
 * A 4xx or 503 answer (the platform refused it; 503 is what the client itself treats as safe to retry), or
 * a connection that failed before a byte was written. Any other failure (a timeout, another 5xx, a socket
 * closed mid-request) may have posted the message: its mark stays pending.
 */
function certainlyNotSent(error: unknown): boolean {
  if (isMoMoTalkApiError(error)) return error.status < 500 || error.status === 503;
  return isMoMoTalkConnectionError(error) && error.beforeSend;
}

function recorded(record: string, how: 'replayed' | 'skipped-unknown'): SendMessageResult {
  const { status, text } = JSON.parse(record) as { status: number; text: string };
  const response = new Response(text === '' ? null : text, { status, headers: { [LEDGER_HEADER]: how } });
  return toSendMessageResult(response, text);
}

import { isBodyTooLargeError } from '../errors/body-too-large-error.js';
import { log } from '../telemetry/logger.js';
import type { DeliveryTrace, ItemOutcome } from '../telemetry/telemetry.js';
import { BackgroundTasks } from './background-tasks.js';
import { BODY_TIMEOUT, BodyReads } from './body-reads.js';
import { isClientAborted } from './client-aborted.js';
import { type ResolvedDedupe, resolveDedupe } from './dedupe-options.js';
import { enqueueingProvider, InboxUnavailableError } from './enqueue-step.js';
import { checkInbox } from './inbox-writer.js';
import { errorResponse, okResponse } from './json-response.js';
import { isMisuse } from './misuse.js';
import type { DeliveryResponse, IncomingDelivery, WebhookReceiver } from './ports.js';
import type {
  DeliveryErrorInfo,
  DeliveryErrorPhase,
  DeliveryProvider,
  ReceiverOptions,
} from './receiver-options.js';
import { developmentRefusalLog } from './refusal-log.js';
import { type DeliveryRejection, isDeliveryRejection } from './rejection.js';
import { storeCall } from './store-call.js';

/**
 * A mounted receiver: handles deliveries and owns the in-process background work.
 *
 * @example
 * ```ts fragment
 * process.on('SIGTERM', async () => {
 *   await receiver.close(); // new deliveries get 503, running ones finish
 *   server.close();
 * });
 * ```
 */
export interface Receiver extends WebhookReceiver {
  /**
   * Resolves once every delivery in flight has been answered and every delivery processed in the
   * background (in-process `before-processing` mode) has finished, including work started while waiting.
   */
  drain(): Promise<void>;
  /**
   * Graceful shutdown: from now on deliveries are answered 503 `{"error":"shutting_down"}` (the platform
   * may redeliver them to another instance), and so is a delivery already in flight whose processing has
   * not started yet (looking up its secret or parsing). A body still being read is abandoned at once: its
   * delivery is answered 503 with `connection: close`, so a client dripping a body cannot hold shutdown.
   * Then waits like {@link Receiver.drain}: deliveries being processed finish and are answered as usual.
   */
  close(): Promise<void>;
  /**
   * How many deliveries are being processed in the background right now (in-process `before-processing`
   * mode; the number `maxPendingTasks` bounds). Deliveries not answered yet are not counted.
   */
  readonly pendingTasks: number;
}

/** The body, or the answer that replaces reading it. */
type ReadOutcome =
  | { readonly body: Uint8Array; readonly refused?: undefined }
  | { readonly refused: DeliveryResponse };

const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
const DEFAULT_MAX_CONCURRENT_READS = 64;
const DEFAULT_BODY_TIMEOUT_MS = 10_000;

/**
 * Builds a receiver from a provider and the user's options: the one delivery pipeline behind the MoMoTalk
 * handler and the Kakao receivers. See {@link DeliveryProvider} for how a provider plugs in. `options` is
 * read as given (a receiver's own options extend {@link ReceiverOptions}; the fields it does not know are
 * ignored), so nothing is copied on the way in.
 *
 * Order: 503 when closed → 405 for another method → `checkHeaders` (401, before any byte of the body is
 * read) → 503 `overloaded` past `maxConcurrentReads` → bounded body read (413; 408 `body_timeout` past
 * `bodyTimeoutMs`; 503 if `close()` is called meanwhile) → `authenticate` (401) → `parse` (400) → 503 if
 * `close()` was called meanwhile → per item: claim (duplicate: skip; another worker still on it: 409) →
 * `process` → complete, or release on failure (500) → respond. Every store call is bounded by
 * `dedupe.timeoutMs` (503 `idempotency_unavailable`). `handleDelivery` never rejects.
 *
 * Responses (JSON): 200 `{"ok":true}` when every item was processed or already done; 409
 * `{"error":"in_progress"}` when another worker still holds an item's claim (answering 200 before it is done
 * would lose the delivery if that worker then fails, so the platform is asked to retry); 500
 * `{"error":"processing_failed"}` when a handler threw; 503 `{"error":"idempotency_unavailable"}` when the
 * store could not be reached (the item was not processed, to avoid a duplicate). In
 * `before-processing` mode every authentic, well-formed delivery gets 200 instead. With an `inbox`, an
 * item is enqueued instead of processed: 200 once the inbox holds it, 503 `{"error":"inbox_unavailable"}`
 * (claim released) when it could not be stored.
 *
 * @throws {TypeError} When `maxBodyBytes`, `maxConcurrentReads`, `bodyTimeoutMs`, `maxPendingTasks`, `dedupe`
 * or `inbox` is invalid, or an inbox is given to a provider without `inboxEntry`.
 *
 * @example
 * ```ts fragment
 * const receiver = createReceiver(provider, { maxBodyBytes: 64 * 1024, onError: console.error });
 * const response = await receiver.handleDelivery(delivery);
 * ```
 */
export function createReceiver<TItem, TEvent = TItem>(
  given: DeliveryProvider<TItem, TEvent>,
  options: ReceiverOptions<TEvent>,
): Receiver {
  const caller = given.caller ?? 'createReceiver';
  const maxBodyBytes = positiveInteger(
    options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    'maxBodyBytes',
    caller,
  );
  const maxPendingTasks = positiveInteger(options.maxPendingTasks ?? 1000, 'maxPendingTasks', caller);
  const maxConcurrentReads = positiveInteger(
    options.maxConcurrentReads ?? DEFAULT_MAX_CONCURRENT_READS,
    'maxConcurrentReads',
    caller,
  );
  const bodyTimeoutMs = positiveInteger(
    options.bodyTimeoutMs ?? DEFAULT_BODY_TIMEOUT_MS,
    'bodyTimeoutMs',
    caller,
  );
  // Read once, here: later changes to the caller's object do not change a running receiver.
  const { onError, waitUntil: defaultWaitUntil, logger, telemetry } = options;
  const onRejected = options.onRejected ?? developmentRefusalLog(logger);
  const dedupe = resolveDedupe(options.dedupe, caller);
  const inbox = checkInbox(options.inbox, caller);
  // With an inbox, "processing" is the durable enqueue: the answer waits for it, whatever acknowledge says.
  const provider =
    inbox === undefined ? given : enqueueingProvider(given, inbox, dedupe?.timeoutMs ?? 3000, caller);
  const ackFirst = inbox === undefined && options.acknowledge === 'before-processing';
  const { acknowledge } = options;
  if (
    acknowledge !== undefined &&
    acknowledge !== 'before-processing' &&
    acknowledge !== 'after-processing'
  ) {
    throw new TypeError(
      `[momotalk-bot-sdk] ${caller}: acknowledge must be 'after-processing' or 'before-processing'.`,
    );
  }
  const methods = provider.methods.map((method) => method.toUpperCase());
  const allow = { allow: methods.join(', ') };
  const tasks = new BackgroundTasks();
  const reads = new BodyReads(bodyTimeoutMs);
  let closed = false;

  const report = async (error: unknown, info: DeliveryErrorInfo<TEvent>): Promise<void> => {
    try {
      if (onError) await onError(error, info);
      // A logger without `error` (one with only info / debug) must not swallow failures: console.error then.
      else if (typeof logger?.error === 'function') {
        log(
          logger,
          'error',
          { phase: info.phase, eventId: info.eventId, err: error },
          'webhook delivery failed',
        );
      } else console.error(`[momotalk-bot-sdk] webhook delivery failed (${info.phase}):`, error);
    } catch {
      // onError's own failure must not turn into an unhandled rejection or change the response.
    }
  };

  const refuse = async (status: number, error: string, cause?: unknown): Promise<DeliveryResponse> => {
    if (onRejected !== undefined) {
      try {
        await onRejected(cause === undefined ? { status, error } : { status, error, cause });
      } catch {
        // Logging must not change the answer.
      }
    }
    return errorResponse(status, error, status === 405 ? allow : status === 503 ? RETRY_SOON : undefined);
  };

  const readBody = async (delivery: IncomingDelivery, trace?: DeliveryTrace): Promise<ReadOutcome> => {
    // Only requests whose credential headers passed count here, and excess ones are refused rather than
    // buffered: the memory held by bodies in flight stays under maxConcurrentReads × maxBodyBytes, and a
    // read holds its slot for at most bodyTimeoutMs (a well-formed but forged signature costs nothing to
    // send, so a dripping client must not keep a slot for as long as the server allows).
    if (reads.size >= maxConcurrentReads) return { refused: await refuse(503, 'overloaded') };
    const read = reads.start((signal) => delivery.readBody(maxBodyBytes, signal));
    const span = trace?.step('read');
    try {
      const body = await read.body;
      span?.end();
      return { body };
    } catch (error) {
      span?.end('failed', error);
      if (closed) return { refused: shuttingDown(true) };
      if (read.signal.reason === BODY_TIMEOUT) {
        return { refused: { ...(await refuse(408, 'body_timeout')), close: true } };
      }
      if (isBodyTooLargeError(error)) {
        return { refused: { ...(await refuse(413, 'body_too_large', error)), close: true } };
      }
      if (isClientAborted(error)) return { refused: await refuse(400, 'client_aborted', error) };
      // The adapter raises a mounting mistake itself (next(error) / a throw): reported once, not here too.
      if (isMisuse(error)) return { refused: { ...errorResponse(500, 'body_unavailable'), misuse: error } };
      await report(error, { phase: 'read' });
      return { refused: errorResponse(500, 'body_unavailable') };
    } finally {
      read.finish();
    }
  };

  const processAll = async (
    items: readonly TItem[],
    delivery: IncomingDelivery,
    trace?: DeliveryTrace,
  ): Promise<ItemOutcome[]> => {
    const outcomes: ItemOutcome[] = [];
    // In order, one at a time: hooks of one delivery often describe one message's successive states.
    for (const item of items) {
      outcomes.push(await processOne(provider, dedupe, report, item, delivery, trace));
    }
    return outcomes;
  };

  const acknowledgeThenProcess = async (
    items: readonly TItem[],
    delivery: IncomingDelivery,
    trace?: DeliveryTrace,
  ): Promise<DeliveryResponse> => {
    const task = processAll(items, delivery, trace).then(
      () => undefined,
      (error: unknown) => report(error, { phase: 'internal' }),
    );
    const waitUntil = delivery.waitUntil ?? defaultWaitUntil;
    if (waitUntil === undefined && tasks.size >= maxPendingTasks) {
      await task; // backpressure: too much queued work already, so this one is processed before answering
      return okResponse();
    }
    tasks.track(task);
    if (waitUntil !== undefined) {
      try {
        waitUntil(task);
      } catch (error) {
        await report(error, { phase: 'schedule' });
      }
    }
    return okResponse();
  };

  const handle = async (delivery: IncomingDelivery, trace?: DeliveryTrace): Promise<DeliveryResponse> => {
    if (!methods.includes(delivery.method.toUpperCase())) return refuse(405, 'method_not_allowed');
    const early = provider.checkHeaders?.(delivery);
    if (early !== undefined) return refuse(early.status, early.error, early.cause);
    const read = await readBody(delivery, trace);
    if (read.refused !== undefined) return read.refused;
    const body = read.body;
    let span = trace?.step('verify');
    let parsing: readonly TItem[] | DeliveryRejection;
    try {
      const denied = await provider.authenticate(delivery, body);
      span?.end(denied?.error);
      if (denied !== undefined) return refuse(denied.status, denied.error, denied.cause);
      span = trace?.step('parse');
      parsing = await provider.parse(delivery, body);
    } catch (error) {
      // A step that throws (getSecret rejecting, say) still closes its span; the delivery answers 500.
      span?.end('failed', error);
      throw error;
    }
    const parsed = parsing;
    const rejected = isDeliveryRejection(parsed);
    span?.end(rejected ? parsed.error : undefined);
    if (rejected) return refuse(parsed.status, parsed.error, parsed.cause);
    // close() may have started while the body was read or the secret looked up: nothing was processed
    // yet, so refuse now (the platform may redeliver elsewhere) rather than acknowledge work during shutdown.
    if (tasks.closed) return shuttingDown();

    if (ackFirst) return acknowledgeThenProcess(parsed, delivery, trace);
    const outcomes = await processAll(parsed, delivery, trace);
    trace?.items(outcomes);
    return respondTo(outcomes);
  };

  const answer = async (delivery: IncomingDelivery, trace?: DeliveryTrace): Promise<DeliveryResponse> => {
    // Tracked from here on, so drain() / close() wait for it to be answered (and for any background work
    // it starts) even while it is still reading its body.
    tasks.deliveryStarted();
    try {
      return await handle(delivery, trace);
    } catch (error) {
      await report(error, { phase: 'internal' });
      return errorResponse(500, 'internal_error');
    } finally {
      tasks.deliveryAnswered();
    }
  };

  return {
    async handleDelivery(delivery) {
      if (tasks.closed) return shuttingDown();
      const trace = telemetry?.delivery?.({ receiver: caller, method: delivery.method, url: delivery.url });
      if (trace === undefined) return answer(delivery);
      const response = await answer(delivery, trace);
      trace.end(response);
      return response;
    },
    drain: () => tasks.drain(),
    close: () => {
      closed = true;
      reads.abortAll(new Error('The webhook receiver is closing.'));
      return tasks.close();
    },
    get pendingTasks() {
      return tasks.size;
    },
  };
}

async function processOne<TItem, TEvent>(
  provider: DeliveryProvider<TItem, TEvent>,
  dedupe: ResolvedDedupe | undefined,
  report: (error: unknown, info: DeliveryErrorInfo<TEvent>) => Promise<void>,
  item: TItem,
  delivery: IncomingDelivery,
  trace: DeliveryTrace | undefined,
): Promise<ItemOutcome> {
  const key = dedupe === undefined ? undefined : provider.idempotencyKey(item, delivery);
  if (dedupe === undefined || key === undefined) {
    try {
      await runItem(provider, item, delivery, trace, key);
      return 'processed';
    } catch (error) {
      const notEnqueued = error instanceof InboxUnavailableError;
      await report(error, errorInfo(provider, notEnqueued ? 'inbox' : 'process', item, key));
      return notEnqueued ? 'not_enqueued' : 'failed';
    }
  }

  let token: string;
  const span = trace?.step('claim');
  try {
    const claiming = dedupe.store.claim(key, { claimTtlMs: dedupe.claimTtlMs });
    const claim = await storeCall(dedupe.store, 'claim', dedupe.timeoutMs, () => claiming).catch(
      (error: unknown) => {
        releaseLateClaim(dedupe, key, claiming);
        throw error;
      },
    );
    span?.end(claim.status === 'done' ? 'duplicate' : claim.status);
    if (claim.status === 'done') return 'duplicate';
    if (claim.status === 'in_progress') return 'in_progress';
    token = claim.token;
  } catch (error) {
    span?.end('unavailable', error);
    await report(error, errorInfo(provider, 'idempotency', item, key));
    return 'unavailable';
  }

  try {
    await runItem(provider, item, delivery, trace, key);
  } catch (error) {
    const notEnqueued = error instanceof InboxUnavailableError;
    await report(error, errorInfo(provider, notEnqueued ? 'inbox' : 'process', item, key));
    try {
      await storeCall(dedupe.store, 'release', dedupe.timeoutMs, () => dedupe.store.release(key, token));
    } catch (releaseError) {
      // The claim still expires after claimTtlMs; until then a redelivery gets 409.
      await report(releaseError, errorInfo(provider, 'idempotency', item, key));
    }
    return notEnqueued ? 'not_enqueued' : 'failed';
  }

  try {
    await storeCall(dedupe.store, 'complete', dedupe.timeoutMs, () =>
      dedupe.store.complete(key, token, { ttlMs: dedupe.ttlMs }),
    );
  } catch (error) {
    // Processed all the same; a redelivery after the claim expires may run it again.
    await report(error, errorInfo(provider, 'idempotency', item, key));
  }
  return 'processed';
}

/**
 * A claim that answers after its timeout (the delivery was already answered 503) would block redeliveries
 * with 409 until it expires: give it back as soon as it arrives. Best effort; failures are ignored.
 */
function releaseLateClaim(
  dedupe: ResolvedDedupe,
  key: string,
  claiming: Promise<{ status: string; token?: string }>,
): void {
  // Promise.resolve and one catch at the end: a store that throws synchronously or answers a non-promise
  // must not become an unhandled rejection.
  Promise.resolve(claiming)
    .then((late) =>
      late.status === 'claimed' && late.token !== undefined
        ? dedupe.store.release(key, late.token)
        : undefined,
    )
    .catch(() => {});
}

/** Runs the provider's `process`, as the handler span when traced (no closure when not). */
function runItem<TItem, TEvent>(
  provider: DeliveryProvider<TItem, TEvent>,
  item: TItem,
  delivery: IncomingDelivery,
  trace: DeliveryTrace | undefined,
  key: string | undefined,
): Promise<void> {
  if (trace === undefined) return provider.process(item, delivery);
  return trace.handle(describe(provider, item, key), (span) => provider.process(item, delivery, span, trace));
}

/** An item in the user's terms: the event the handlers get and its id. */
function describe<TItem, TEvent>(
  provider: DeliveryProvider<TItem, TEvent>,
  item: TItem,
  key: string | undefined,
): { readonly event: TEvent; readonly eventId: string | undefined } {
  return provider.describe?.(item) ?? { event: item as unknown as TEvent, eventId: key };
}

/** What `onError` is told about an item, in the user's terms; built only when there is something to report. */
function errorInfo<TItem, TEvent>(
  provider: DeliveryProvider<TItem, TEvent>,
  phase: DeliveryErrorPhase,
  item: TItem,
  key: string | undefined,
): DeliveryErrorInfo<TEvent> {
  const { event, eventId } = describe(provider, item, key);
  return eventId === undefined ? { phase, event } : { phase, event, eventId };
}

const RETRY_SOON = { 'retry-after': '1' } as const;
const CLOSE_CONNECTION = { connection: 'close' } as const;

/** 503 `shutting_down`; `unreadBody`: the body was abandoned mid-read, so the connection cannot be reused. */
function shuttingDown(unreadBody = false): DeliveryResponse {
  if (!unreadBody) return errorResponse(503, 'shutting_down');
  return { ...errorResponse(503, 'shutting_down', CLOSE_CONNECTION), close: true };
}

function respondTo(outcomes: readonly ItemOutcome[]): DeliveryResponse {
  if (outcomes.includes('failed')) return errorResponse(500, 'processing_failed');
  if (outcomes.includes('unavailable')) return errorResponse(503, 'idempotency_unavailable');
  if (outcomes.includes('not_enqueued')) return errorResponse(503, 'inbox_unavailable', RETRY_SOON);
  if (outcomes.includes('in_progress')) return errorResponse(409, 'in_progress');
  return okResponse();
}

function positiveInteger(value: number, name: string, caller: string): number {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new TypeError(
      `[momotalk-bot-sdk] ${caller}: ${name} must be a positive integer (got ${String(value)}).`,
    );
  }
  return value;
}

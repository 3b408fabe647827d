/**
 * One incoming HTTP request as the delivery pipeline sees it: the ports every adapter implements
 * (read a header, read the raw body, know the method and URL). The pipeline is written once against
 * these; each framework adapter is a small file that fills them in.
 *
 * @example
 * ```ts
 * import type { IncomingDelivery } from 'momotalk-bot-sdk';
 *
 * const delivery: IncomingDelivery = {
 *   method: 'POST',
 *   url: '/webhook',
 *   header: (name) => headers[name],
 *   readBody: async () => new TextEncoder().encode(body),
 * };
 * ```
 */
export interface IncomingDelivery {
  /** The HTTP method, upper case (`"POST"`). */
  readonly method: string;
  /** The request URL, absolute or path plus query string (GET receivers read parameters from it). */
  readonly url: string;
  /**
   * A header value by lower-case name, `undefined` when absent. Repeated headers are joined with `", "`,
   * as the Fetch `Headers` class does, so a duplicated signature never verifies.
   */
  header(name: string): string | undefined;
  /**
   * The whole raw body. Rejects with a {@link BodyTooLargeError} as soon as more than `maxBytes` arrive,
   * without buffering past the limit. When `signal` aborts (the receiver is closing), stops reading and
   * rejects; the pipeline does not wait for it either way.
   */
  readBody(maxBytes: number, signal?: AbortSignal): Promise<Uint8Array>;
  /**
   * Keeps the runtime alive for work that continues after the response was sent (Cloudflare Workers'
   * `ctx.waitUntil`, Vercel's `waitUntil`). Absent in long-lived servers.
   */
  readonly waitUntil?: ((promise: Promise<unknown>) => void) | undefined;
}

/**
 * What the pipeline answers: adapters write it back in their framework's terms.
 *
 * @example
 * ```ts
 * const response: DeliveryResponse = { status: 200, headers: { 'content-type': 'application/json' }, body: '{"ok":true}' };
 * ```
 */
export interface DeliveryResponse {
  /** The HTTP status code. */
  readonly status: number;
  /** Response headers, lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
  /** The response body text (JSON for the SDK's receivers). Never contains a secret. */
  readonly body: string;
  /**
   * True when the answer comes before the body was read to its end (413, or 503 while closing): the rest
   * of it is never read, so adapters that own the connection answer with `connection: close`.
   * @default undefined (the connection may be reused)
   */
  readonly close?: boolean | undefined;
  /**
   * A mounting mistake the adapter raises instead of writing this answer: a body parser consumed the body
   * before the adapter could read the signed bytes. The adapter throws it (or hands it to the framework's
   * `next`), so it is reported once, by the framework; it never reaches `onError`.
   * @default undefined
   */
  readonly misuse?: Error | undefined;
}

/**
 * Anything an adapter can mount: the MoMoTalk webhook handler and the Kakao receivers all implement it.
 *
 * @example
 * ```ts
 * import { createServer } from 'node:http';
 * import { toNodeListener } from 'momotalk-bot-sdk/node';
 *
 * createServer(toNodeListener(receiver)).listen(3000);
 * ```
 */
export interface WebhookReceiver {
  /** Runs one delivery through verification, parsing, deduplication and dispatch. Never rejects. */
  handleDelivery(delivery: IncomingDelivery): Promise<DeliveryResponse>;
}

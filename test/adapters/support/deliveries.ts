import { readFileSync } from 'node:fs';
import { SECRET, sign } from '../../support/index.js';

export { SECRET };
/** The bot id in the fixture and the headers. */
export const BOT_ID = 'bot_adapters';
/** The receivers' body limit in these tests: small, so 413 needs no big upload. */
export const MAX_BODY_BYTES = 4096;

/** The exact bytes of a `talk.message_created` delivery (UTF-8 with Korean text and an em dash). */
export const body: Uint8Array<ArrayBuffer> = new Uint8Array(
  readFileSync(new URL('../../fixtures/adapters/message-created.json', import.meta.url)),
);

/** The headers MoMoTalk sends with `payload`, signed with `secret` (event id: the fixture's). */
export function signedHeaders(payload: Uint8Array = body, secret = SECRET): Record<string, string> {
  return {
    'content-type': 'application/json',
    'x-momotalk-bot-id': BOT_ID,
    'x-momotalk-event-id': 'evt_adapter_0001',
    'x-momotalk-bot-signature': sign(payload, secret),
  };
}

let sequence = 0;

/** The fixture with a fresh event id (same length, so the bytes differ only there), and its headers. */
export function freshDelivery(): { body: Uint8Array<ArrayBuffer>; headers: Record<string, string> } {
  sequence += 1;
  const eventId = `evt_adapter_${String(sequence).padStart(4, '0')}`;
  const text = new TextDecoder().decode(body).replace('evt_adapter_0001', eventId);
  const bytes = new TextEncoder().encode(text);
  return { body: bytes, headers: { ...signedHeaders(bytes), 'x-momotalk-event-id': eventId } };
}

/** A POST of a signed delivery to `url` (a fresh event id each time, so dedupe never interferes). */
export function postSigned(url: string, init: { signature?: string } = {}): Promise<Response> {
  const delivery = freshDelivery();
  if (init.signature !== undefined) delivery.headers['x-momotalk-bot-signature'] = init.signature;
  return fetch(url, { method: 'POST', headers: delivery.headers, body: delivery.body });
}

/** A signed body over the limit, sent with a content-length (refused before reading). */
export function postOversized(url: string): Promise<Response> {
  const big = new Uint8Array(MAX_BODY_BYTES * 16).fill(0x20);
  return fetch(url, { method: 'POST', headers: signedHeaders(big), body: big });
}

/** A signed body over the limit, sent chunked (no content-length), so the limit is hit while streaming. */
export function postOversizedChunked(url: string): Promise<Response> {
  const chunk = new Uint8Array(1024).fill(0x20);
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      for (let i = 0; i < 64; i += 1) controller.enqueue(chunk);
      controller.close();
    },
  });
  return fetch(url, {
    method: 'POST',
    headers: signedHeaders(new Uint8Array(0)),
    body: stream,
    duplex: 'half',
  } as RequestInit);
}

import { expect, it } from 'vitest';
import {
  MAX_BODY_BYTES,
  postOversized,
  postOversizedChunked,
  postSigned,
  signedHeaders,
} from './deliveries.js';
import { makeReceiver, type TestReceiver } from './receiver.js';

/** A server the test started on loopback. */
export interface StartedServer {
  /** The webhook URL. */
  readonly url: string;
  close(): Promise<void>;
}

/** The cases every server adapter must pass, over real loopback HTTP. */
export function commonCases(
  start: (receiver: TestReceiver) => Promise<StartedServer>,
  options: { nodeAdapter?: boolean } = {},
): void {
  const withServer = async (test: (url: string, receiver: TestReceiver) => Promise<void>) => {
    const receiver = makeReceiver();
    const server = await start(receiver);
    try {
      await test(server.url, receiver);
    } finally {
      await server.close();
    }
  };

  it('answers 200 to a validly signed delivery and passes the exact bytes', () =>
    withServer(async (url, receiver) => {
      const response = await postSigned(url);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ ok: true });
      expect(receiver.events).toMatchObject([{ message: { body: '안녕하세요 — hello' } }]);
    }));

  it('answers 401 to a wrong signature', () =>
    withServer(async (url, receiver) => {
      const response = await postSigned(url, { signature: 'ab'.repeat(32) });
      expect(response.status).toBe(401);
      expect(receiver.events).toHaveLength(0);
    }));

  it(`answers 413 past the limit (${MAX_BODY_BYTES} bytes), by content-length and while streaming`, () =>
    withServer(async (url, receiver) => {
      const refused = [await postOversized(url), await postOversizedChunked(url)];
      expect(refused.map((response) => response.status)).toEqual([413, 413]);
      // The rest of the body is never read, so a Node adapter closes the connection after answering.
      if (options.nodeAdapter)
        expect(refused.map((r) => r.headers.get('connection'))).toEqual(['close', 'close']);
      // The server is still healthy afterwards.
      expect((await postSigned(url)).status).toBe(200);
      expect(receiver.events).toHaveLength(1);
    }));

  it('passes other methods through to the receiver (405)', () =>
    withServer(async (url) => {
      expect((await fetch(url, { method: 'GET' })).status).toBe(405);
      expect((await fetch(url, { method: 'PUT', headers: signedHeaders(), body: '{}' })).status).toBe(405);
    }));
}

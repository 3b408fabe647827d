import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { expect } from 'vitest';

/** A request a fake bot received. */
export interface ReceivedDelivery {
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/**
 * A minimal bot on 127.0.0.1 that records what it receives and answers with `status` (changeable), so
 * emulator tests do not depend on the webhook handler.
 */
export async function startFakeBot(initialStatus = 200) {
  const received: ReceivedDelivery[] = [];
  let status = initialStatus;
  const server = createServer(async (request, response) => {
    let body = '';
    for await (const chunk of request) body += chunk;
    received.push({ headers: request.headers, body });
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(status < 300 ? '{"ok":true}' : '{"error":"boom"}');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/momotalk/webhook`,
    received,
    setStatus(next: number) {
      status = next;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A loopback URL nothing listens on: a port that was free a moment ago. */
export async function unusedUrl(): Promise<string> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/webhook`;
}

/**
 * Alice says "hello" in room 123 through the emulator's page API (with its access token), and the test
 * waits until the room shows the echo bot's answer: the same end-to-end check `npm start` and the
 * getting-started guide promise.
 */
export async function sayHelloAndAwaitEcho(origin: string, token: string): Promise<void> {
  const sent = await fetch(`${origin}/emulator/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-emulator-token': token },
    body: JSON.stringify({ room_id: 123, user_id: 'user_alice', body: 'hello' }),
  });
  expect(await sent.json()).toMatchObject({ delivery: { ok: true, status: 200 } });
  await expect
    .poll(async () => {
      const state = await fetch(`${origin}/emulator/state`, { headers: { 'x-emulator-token': token } });
      return ((await state.json()) as { messages: { body: string }[] }).messages.map((m) => m.body);
    })
    .toEqual(['hello', 'Echo: hello']);
}

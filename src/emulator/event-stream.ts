import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EmulatorState } from './emulator-state.js';

const HEARTBEAT_MS = 15_000;

/**
 * @internal `GET /emulator/events`: a server-sent event stream of every change (`message`,
 * `delivery`, `room`, `user`, `config`, `reset`), so the page updates without a reload.
 */
export function streamEvents(state: EmulatorState, request: IncomingMessage, response: ServerResponse): void {
  response.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
  });
  response.write('retry: 1000\n\n');
  const unsubscribe = state.subscribe((change) => {
    response.write(`event: ${change.type}\ndata: ${JSON.stringify(change.data)}\n\n`);
  });
  const heartbeat = setInterval(() => response.write(': keep-alive\n\n'), HEARTBEAT_MS);
  heartbeat.unref();
  request.on('close', () => {
    clearInterval(heartbeat);
    unsubscribe();
  });
}

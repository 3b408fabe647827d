// A loopback stand-in for a chat platform's send-message endpoint, shared by every outbound contestant:
// any path, reads the whole JSON body, answers 200 with one small JSON body that every client accepts
// (Slack needs `ok: true`; the others ignore what they do not know).
import { createServer } from 'node:http';
import { reportReady } from '../lib/child.mjs';

const answer = JSON.stringify({
  ok: true,
  message_id: 'msg_0000000001',
  channel: 'C0000000',
  ts: '1780833600.000100',
  sentMessages: [{ id: '1', quoteToken: 'q' }],
});
const headers = {
  'content-type': 'application/json; charset=utf-8',
  'content-length': String(Buffer.byteLength(answer)),
  'x-request-id': 'req_bench',
};

const server = createServer((request, response) => {
  request.on('data', () => {});
  request.on('end', () => {
    response.writeHead(200, headers);
    response.end(answer);
  });
});
server.keepAliveTimeout = 60_000;
let connections = 0;
server.on('connection', () => {
  connections++;
});
// { ask: 'connections' }: TCP connections opened so far (a client without keep-alive shows);
// { ask: 'cpu' }: this process's CPU time in µs (is the server the bottleneck?).
process.on('message', (message) => {
  if (message?.ask === 'connections') process.send?.({ answer: connections });
  if (message?.ask === 'cpu') {
    const usage = process.cpuUsage();
    process.send?.({ answer: usage.user + usage.system });
  }
});
server.listen(0, '127.0.0.1', () => reportReady(server));

#!/usr/bin/env node
// A Bot API stand-in that misbehaves on purpose, run in its own process (so its sockets, timers and
// resets are real and independent of the client under test). Used by test/reliability/outbound-faults.
//
// The client's baseUrl picks the behaviour: http://127.0.0.1:<port>/<scenario>/<run>, so a request
// arrives as POST /<scenario>/<run>/bots/<bot>/messages. Per run it counts:
//   requests  - requests whose head arrived
//   bodies    - request bodies read to the end (the message reached the server)
//   processed - messages the server may have acted on: every body read that was not declined with
//               429/503 (a 2xx, another 5xx, a reset or a hang after reading all count)
// GET /__stats/<run> answers those counts as JSON. Prints {"port":N} on stdout once listening.
//
// Scenarios (":n" is an argument):
//   ok                    200 {"message_id":…}
//   reset-before-read     TCP reset as soon as the request head arrives, body unread
//   reset-after-read      read the body, then TCP reset (no answer)
//   hang-before-read      never read, never answer
//   hang                  read the body, never answer
//   429[:s]               always 429, with Retry-After: s when given
//   429-then-ok:n         the first n requests of the run get 429 (Retry-After: 0), then 200
//   503-then-ok:n         the first n get 503 (no Retry-After), then 200
//   5xx:code              always that status (500, 502, 504…)
//   5xx-then-ok:n         the first n get 500, then 200
//   storm:p               a 429 (Retry-After: 0) with probability p percent (seeded), else 200
//   slow-body:status      that status at once, then the body one byte every 100 ms (never in time)
//   invalid-json:status   that status with a body that is not JSON
import { createServer } from 'node:http';

const stats = new Map();
let seed = 12345;
const random = () => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
};

function runStats(run) {
  let entry = stats.get(run);
  if (entry === undefined) {
    entry = { requests: 0, bodies: 0, processed: 0 };
    stats.set(run, entry);
  }
  return entry;
}

async function readBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return Buffer.concat(chunks);
}

const server = createServer((req, res) => {
  const [, scenario = '', run = ''] = (req.url ?? '/').split('/');
  if (scenario === '__stats') {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(runStats(run)));
    return;
  }
  const counts = runStats(run);
  counts.requests += 1;
  const attempt = counts.requests;
  const [kind, arg] = decodeURIComponent(scenario).split(':');
  if (kind === 'reset-before-read') {
    req.socket.resetAndDestroy();
    return;
  }
  if (kind === 'hang-before-read') return;
  readBody(req).then(
    () => {
      counts.bodies += 1;
      const json = (status, body, headers = {}) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(body));
      };
      const ok = () => {
        counts.processed += 1;
        json(200, { message_id: `${run}-${attempt}` });
      };
      const decline = (status, retryAfter) =>
        json(status, { error: 'try_later' }, retryAfter === undefined ? {} : { 'retry-after': retryAfter });
      const fail = (status) => {
        counts.processed += 1;
        json(status, { error: 'server_error' });
      };
      switch (kind) {
        case 'ok':
          return ok();
        case 'reset-after-read':
          counts.processed += 1;
          return req.socket.resetAndDestroy();
        case 'hang':
          counts.processed += 1;
          return undefined;
        case '429':
          return decline(429, arg);
        case '429-then-ok':
          return attempt <= Number(arg) ? decline(429, '0') : ok();
        case '503-then-ok':
          return attempt <= Number(arg) ? decline(503) : ok();
        case '5xx':
          return fail(Number(arg));
        case '5xx-then-ok':
          return attempt <= Number(arg) ? fail(500) : ok();
        case 'storm':
          return random() * 100 < Number(arg) ? decline(429, '0') : ok();
        case 'slow-body': {
          counts.processed += 1;
          res.writeHead(Number(arg), { 'content-type': 'application/json' });
          const text = JSON.stringify({ message_id: `${run}-${attempt}`, padding: 'x'.repeat(200) });
          let index = 0;
          const timer = setInterval(() => {
            if (index >= text.length || res.destroyed) {
              clearInterval(timer);
              res.end();
              return;
            }
            res.write(text[index]);
            index += 1;
          }, 100);
          res.on('close', () => clearInterval(timer));
          return undefined;
        }
        case 'invalid-json':
          if (arg !== '429' && arg !== '503') counts.processed += 1;
          res.writeHead(Number(arg), { 'content-type': 'application/json' });
          return res.end('{"message_id": 1,,, <html>');
        default:
          res.writeHead(404);
          return res.end();
      }
    },
    () => {},
  );
});

server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`);
});
process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});

// The load generator for webhook ingest: autocannon in this process, the receiver in another. Every
// request is a distinct, correctly signed 1 KiB delivery (a fresh event id each time, so deduplication
// never short-cuts the work), in the signature format of the receiver under test.
import autocannon from 'autocannon';
import { eventBody, eventId, momotalkHeaders, signBase64, signGithub, WEBHOOK_PATH } from './fixtures.mjs';

let counter = 0;

const headersFor = {
  floor: momotalkHeaders,
  sdk: momotalkHeaders,
  bot: momotalkHeaders,
  octokit: (body, id) => ({
    'content-type': 'application/json',
    'x-github-event': 'issues',
    'x-github-delivery': id,
    'x-hub-signature-256': signGithub(body),
  }),
  line: (body) => ({ 'content-type': 'application/json', 'x-line-signature': signBase64(body) }),
};

/** A request template for autocannon that builds a new signed delivery on every request. */
function deliveries(kind, bodyBytes) {
  const sign = headersFor[kind];
  const [before, after] = eventBody(bodyBytes, eventId(0)).split(eventId(0));
  return [
    {
      method: 'POST',
      path: WEBHOOK_PATH,
      setupRequest(request) {
        counter++;
        const id = eventId(counter + process.pid * 1e9);
        const body = `${before}${id}${after}`;
        return { ...request, body, headers: sign(body, id) };
      },
    },
  ];
}

/**
 * Drives `url` with signed deliveries for `seconds` (or exactly `amount` requests).
 * @returns {Promise<{ perSecond: number, ok: number, failed: number, latencyP50: number, latencyP99: number }>}
 */
export async function drive(url, kind, { seconds, amount, connections = 32, bodyBytes = 1024 }) {
  const result = await autocannon({
    url,
    connections,
    ...(amount === undefined ? { duration: seconds } : { amount }),
    requests: deliveries(kind, bodyBytes),
  });
  const ok = result['2xx'];
  const failed = result.non2xx + result.errors + result.timeouts;
  return {
    perSecond: ok / result.duration,
    ok,
    failed,
    latencyP50: result.latency.p50,
    latencyP99: result.latency.p99,
  };
}

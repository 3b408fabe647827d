// Reliability evidence (hostile input): a seeded hostile corpus against every receiver (MoMoTalk handler, Bizmessage, Talk
// Share), through the Fetch handler and through node:http over loopback, plus raw-TCP header attacks and
// slow-drip bodies. Each request must get its documented status; nothing forged or unsigned may reach user
// code; every genuine delivery reaches it exactly once; no prototype is polluted; the heap returns to its
// baseline. RELIABILITY_SCALE multiplies the counts (npm run test:long).
import { createHmac } from 'node:crypto';
import { Agent } from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import {
  BOT_ID,
  corpus,
  corpusClasses,
  type HostileRequest,
  LIMIT,
  MOMOTALK_SECRET,
  type ReceiverName,
} from './support/corpus.js';
import { Prng, SCALE, SEED } from './support/prng.js';
import { createReceivers, listenAll, polluted, prototypeSnapshot } from './support/receivers.js';
import { heapAfterGc, writeReport } from './support/report.js';
import { sendFetch, sendNode, sendNodeSlowly, sendRaw } from './support/send.js';

const RECEIVERS: readonly ReceiverName[] = ['momotalk', 'bizmessage', 'talkshare'];
/** Requests per receiver through the Fetch handler (≥ 10,000 in all) and through node:http. */
const FETCH_COUNT: Record<ReceiverName, number> = { momotalk: 4000, bizmessage: 3000, talkshare: 3000 };
const NODE_COUNT = 600;

interface Tally {
  sent: number;
  asDocumented: number;
  statuses: Record<string, number>;
}
type Counts = Record<string, Record<string, Tally>>; // transport → "receiver / class" → tally

const counts: Counts = {};
const mismatches: string[] = [];
const expectedMarks = new Map<string, number>();
const results: Record<string, unknown> = {};

function record(
  transport: string,
  req: HostileRequest,
  expected: number,
  status: number,
  error: string | undefined,
) {
  counts[transport] ??= {};
  const byClass = counts[transport];
  const key = `${req.receiver} / ${req.cls}`;
  byClass[key] ??= { sent: 0, asDocumented: 0, statuses: {} };
  const tally = byClass[key];
  tally.sent += 1;
  tally.statuses[status] = (tally.statuses[status] ?? 0) + 1;
  // A HEAD answer has no body, so no error code to compare.
  const errorOk =
    req.error === undefined || req.method === 'HEAD' || expected !== req.expected || req.error === error;
  if (status === expected && errorOk) tally.asDocumented += 1;
  else if (mismatches.length < 50) {
    mismatches.push(
      `${transport} ${key}: got ${status} ${error ?? ''}, documented ${expected} ${req.error ?? ''}`,
    );
  }
}

function expectMarks(marks: readonly string[]) {
  for (const id of marks) expectedMarks.set(id, (expectedMarks.get(id) ?? 0) + 1);
}

const sign = (body: string) => createHmac('sha256', MOMOTALK_SECRET).update(body).digest('hex');

describe('hostile input: every receiver, Fetch and node:http', () => {
  const prototypesBefore = prototypeSnapshot();

  afterAll(() => {
    const file = writeReport('hostile-input', { counts, mismatches, ...results });
    console.log(`hostile-input report: ${file}`);
  });

  it(
    'answers every corpus request as documented, lets only genuine deliveries through, once',
    async () => {
      // Warm-up (schemas, JIT) on a throwaway set, so the baseline below is not the cost of first use.
      {
        const warm = createReceivers();
        const rng = new Prng(SEED ^ 0xabcdef);
        for (const name of RECEIVERS)
          for (const req of corpus(name, rng, 50, `warm-${name}-`)) await sendFetch(warm.fetch[name], req);
        await warm.receivers.talkshare.drain();
      }
      const heapBefore = await heapAfterGc();
      const started = performance.now();

      let set: ReturnType<typeof createReceivers> | undefined = createReceivers();
      const rng = new Prng(SEED);
      let sentFetch = 0;
      for (const name of RECEIVERS) {
        for (const req of corpus(name, rng, FETCH_COUNT[name] * SCALE, `f-${name}-`)) {
          const answer = await sendFetch(set.fetch[name], req);
          record('fetch', req, req.expected, answer.status, answer.error);
          expectMarks(req.marks);
          sentFetch += 1;
          if (sentFetch % 1000 === 0) expect(polluted()).toBe(false);
        }
      }

      // Every class of test/fixtures/hostile went through the Fetch handler at least once.
      for (const name of RECEIVERS) {
        const sent = Object.keys(counts.fetch ?? {}).filter((key) => key.startsWith(`${name} / `));
        expect(sent.sort()).toEqual(
          [...new Set(corpusClasses(name))].map((cls) => `${name} / ${cls}`).sort(),
        );
      }

      // node:http over loopback: the same kinds of requests through toNodeListener.
      let listening: Awaited<ReturnType<typeof listenAll>> | undefined = await listenAll(set);
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      let sentNode = 0;
      for (const name of RECEIVERS) {
        for (const req of corpus(name, rng, NODE_COUNT * SCALE, `n-${name}-`)) {
          const answer = await sendNode(listening.ports[name], agent, req);
          record('node:http', req, req.expected, answer.status, answer.error);
          expectMarks(req.marks);
          sentNode += 1;
        }
      }
      agent.destroy();

      // Raw TCP: header values with CR/LF/NUL and other framing attacks that no HTTP client library sends.
      // Node's parser must refuse them (400/431) before the receiver sees anything, and the server stays up.
      const body = JSON.stringify({
        event_id: 'raw-genuine',
        event_type: 'talk.message_created',
        bot_id: BOT_ID,
        timestamp: 1,
        message: {
          room_id: 1,
          message_id: 1,
          sender_user_id: 'u',
          body: 'x',
          message_type: 'TEXT',
          created_at: 1,
        },
      });
      const head = (extra: string, length = Buffer.byteLength(body)) =>
        `POST /momotalk/webhook HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nX-MoMoTalk-Bot-Signature: ${sign(body)}\r\n${extra}Content-Length: ${length}\r\n\r\n`;
      const rawCases: Array<{ name: string; bytes: Buffer; allowed: number[]; halfClose?: boolean }> = [
        {
          name: 'CR inside a header value',
          bytes: Buffer.from(`${head('X-Test: a\rb\r\n')}${body}`, 'latin1'),
          allowed: [400],
        },
        {
          name: 'bare LF inside a header value',
          bytes: Buffer.from(`${head('X-Test: a\nb\r\n')}${body}`, 'latin1'),
          allowed: [400],
        },
        {
          name: 'NUL inside a header value',
          bytes: Buffer.from(`${head('X-Test: a\0b\r\n')}${body}`, 'latin1'),
          allowed: [400],
        },
        {
          name: 'CR/LF smuggling a second signature header',
          bytes: Buffer.from(
            `${head(`X-Test: a\rX-MoMoTalk-Bot-Signature: ${'0'.repeat(64)}\r\n`)}${body}`,
            'latin1',
          ),
          allowed: [400],
        },
        {
          name: 'obs-fold continuation line',
          bytes: Buffer.from(`${head('X-Test: a\r\n b\r\n')}${body}`, 'latin1'),
          allowed: [400],
        },
        {
          name: 'header line without a colon',
          bytes: Buffer.from(`${head('X-Test a\r\n')}${body}`, 'latin1'),
          allowed: [400],
        },
        {
          name: 'space before the colon',
          bytes: Buffer.from(`${head('X-MoMoTalk-Event-Id : e\r\n')}${body}`, 'latin1'),
          allowed: [400],
        },
        {
          name: 'two different Content-Length headers',
          bytes: Buffer.from(`${head('Content-Length: 3\r\n')}${body}`, 'latin1'),
          allowed: [400],
        },
        {
          name: 'Content-Length with Transfer-Encoding: chunked',
          bytes: Buffer.from(`${head('Transfer-Encoding: chunked\r\n')}${body}`, 'latin1'),
          allowed: [400],
        },
        {
          name: 'invalid chunked encoding',
          bytes: Buffer.from(
            `POST /momotalk/webhook HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n${body}\r\n0\r\n\r\n`,
            'latin1',
          ),
          allowed: [400],
        },
        {
          name: 'header block over 16 KiB',
          bytes: Buffer.from(`${head(`X-Big: ${'a'.repeat(20_000)}\r\n`)}${body}`, 'latin1'),
          allowed: [431],
        },
        {
          name: 'bytes 0x80-0xFF in a header value (obs-text)',
          bytes: Buffer.concat([
            Buffer.from(
              head('').replace(/X-MoMoTalk-Bot-Signature: [0-9a-f]+/, 'X-MoMoTalk-Bot-Signature: \xff\xfe'),
              'latin1',
            ),
            Buffer.from(body),
          ]),
          allowed: [401],
        },
        {
          name: 'body shorter than Content-Length, then the client half-closes',
          bytes: Buffer.from(`${head('', Buffer.byteLength(body) + 50)}${body}`, 'latin1'),
          // The body never completes: the receiver reports a read failure (500) or the socket just closes.
          allowed: [0, 400, 500],
          halfClose: true,
        },
        {
          name: 'Content-Length over the limit, no body sent',
          bytes: Buffer.from(head('', LIMIT + 1), 'latin1'),
          allowed: [413],
        },
      ];
      const raw: Record<string, number> = {};
      for (const rawCase of rawCases) {
        const answer = await sendRaw(listening.ports.momotalk, rawCase.bytes, rawCase.halfClose);
        raw[rawCase.name] = answer.status;
        if (!rawCase.allowed.includes(answer.status)) {
          mismatches.push(
            `raw TCP ${rawCase.name}: got ${answer.status}, allowed ${rawCase.allowed.join('/')}`,
          );
        }
      }
      // Still up, and a genuine delivery still goes through.
      const after = await sendRaw(
        listening.ports.momotalk,
        Buffer.from(`${head('X-MoMoTalk-Event-Id: raw-genuine\r\n')}${body}`),
      );
      expect(after.status).toBe(200);
      expectMarks(['raw-genuine']);
      results.rawTcp = raw;

      // Slow-drip bodies: a few, 8 chunks 15 ms apart, concurrently. Within the limit: the documented status;
      // over it: 413 as soon as the limit is crossed, without waiting for the rest.
      const slowRng = new Prng(SEED ^ 0x5eed);
      const slow: Array<Promise<void>> = [];
      const slowResults: Array<{
        receiver: string;
        cls: string;
        status: number;
        expected: number;
        chunksWritten: number;
      }> = [];
      for (const name of RECEIVERS) {
        const picked: HostileRequest[] = [];
        for (const req of corpus(name, slowRng, 400, `s-${name}-`)) {
          const want =
            picked.length === 0 ? req.expected === 200 && req.method === 'POST' : req.expected === 413;
          if (want && req.body !== undefined) picked.push(req);
          if (picked.length === 2) break;
        }
        for (const req of picked) {
          expectMarks(req.marks);
          slow.push(
            sendNodeSlowly(listening.ports[name], req, 8, 15).then((answer) => {
              slowResults.push({
                receiver: name,
                cls: req.cls,
                status: answer.status,
                expected: req.expected,
                chunksWritten: answer.chunksWritten,
              });
              record('node:http slow-drip', req, req.expected, answer.status, answer.error);
            }),
          );
        }
      }
      // The same through the Fetch handler: a streamed Request body, 8 chunks 15 ms apart.
      for (const name of RECEIVERS) {
        for (const req of corpus(name, slowRng, 400, `sf-${name}-`)) {
          if (req.expected !== 200 || req.method !== 'POST' || req.body === undefined) continue;
          expectMarks(req.marks);
          const bytes = req.body;
          const size = Math.ceil(bytes.length / 8);
          let index = 0;
          const stream = new ReadableStream<Uint8Array>({
            async pull(controller) {
              if (index >= 8) return controller.close();
              await new Promise((resolve) => setTimeout(resolve, 15));
              controller.enqueue(bytes.slice(index * size, (index + 1) * size));
              index += 1;
            },
          });
          const response = await set.fetch[name](
            new Request(`https://bot.example${req.path}`, {
              method: 'POST',
              headers: req.headers.map(([key, value]) => [key, value] as [string, string]),
              body: stream,
              duplex: 'half',
            } as RequestInit),
          );
          slowResults.push({
            receiver: `${name} (Fetch)`,
            cls: req.cls,
            status: response.status,
            expected: 200,
            chunksWritten: index,
          });
          record('fetch slow-drip', req, 200, response.status, undefined);
          break;
        }
      }
      await Promise.all(slow);
      results.slowDrip = slowResults;

      await listening.close();
      await set.receivers.talkshare.drain();
      const elapsedMs = performance.now() - started;

      // What reached user code: exactly the genuine deliveries, each once.
      const reached = set.reached;
      const unexpected = [...reached.marks.keys()].filter((id) => !expectedMarks.has(id));
      const missing = [...expectedMarks.keys()].filter((id) => !reached.marks.has(id));
      const twice = [...reached.marks.entries()].filter(([id, n]) => n !== (expectedMarks.get(id) ?? 0));
      const invocations = [...reached.marks.values()].reduce((sum, n) => sum + n, 0);
      const heapWithReceivers = await heapAfterGc();
      const oddPrototypes = reached.oddPrototypes;
      const onErrorCalls = reached.errors.map((entry) => entry);
      const genuineDeliveriesExpected = [...expectedMarks.values()].reduce((sum, n) => sum + n, 0);
      // Drop every per-request record before measuring the heap: what is left must be the baseline.
      expectedMarks.clear();
      reached.marks.clear();
      set = undefined; // drop the receivers, their dedupe stores and the servers
      listening = undefined;
      const heapAfter = await heapAfterGc();

      Object.assign(results, {
        requests: {
          fetch: sentFetch,
          node: sentNode,
          rawTcp: rawCases.length + 1,
          slowDrip: slowResults.length,
        },
        userCode: {
          invocations,
          genuineDeliveriesExpected,
          unexpected: unexpected.length,
          missing: missing.length,
          wrongCount: twice.length,
          valuesWithOddPrototype: oddPrototypes,
        },
        onErrorCalls,
        prototypesUnchanged: prototypeSnapshot() === prototypesBefore,
        pollutionProbe: polluted(),
        heap: {
          beforeBytes: heapBefore,
          withReceiversAliveBytes: heapWithReceivers,
          afterReceiversDroppedBytes: heapAfter,
          deltaBytes: heapAfter - heapBefore,
        },
        elapsedMs: Math.round(elapsedMs),
      });

      expect(mismatches).toEqual([]);
      expect(sentFetch).toBeGreaterThanOrEqual(10_000);
      expect(unexpected).toEqual([]);
      expect(missing).toEqual([]);
      expect(twice).toEqual([]);
      expect(oddPrototypes).toBe(0);
      // Only client aborts (the half-closed raw request) reach onError, as read failures.
      expect(onErrorCalls.filter((entry) => !entry.startsWith('read: '))).toEqual([]);
      expect(prototypeSnapshot()).toBe(prototypesBefore);
      expect(polluted()).toBe(false);
      // Back to baseline: what is left is noise, not the corpus (tens of MB went through).
      expect(heapAfter - heapBefore).toBeLessThan(8 * 1024 * 1024);
      // CPU-bound (about 10 s of CPU for the quick corpus); the generous limit is for a busy shared machine.
    },
    180_000 * SCALE,
  );
});

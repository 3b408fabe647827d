// Reliability evidence (outbound faults): BotClient against a Bot API stand-in that misbehaves on purpose, in a separate
// process (support/faulty-server.mjs). For every scenario: the server's own count of messages
// it may have processed is at most one per sendMessage unless `retry.unsafe` is set (and with it, the
// client does retry); every call ends in a result or a MoMoTalkError subclass, without hanging past its
// deadline. RELIABILITY_SCALE multiplies the calls per scenario.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BotClient } from '../../src/client/bot-client.js';
import type { RetryOptions } from '../../src/client/retry-policy.js';
import { isMoMoTalkError } from '../../src/errors/momotalk-error.js';
import { SCALE } from './support/prng.js';
import { writeReport } from './support/report.js';

/**
 * A loopback port with nothing listening. (Not the discard port 9: fetch refuses the ports of its "bad
 * ports" list before connecting, with no error code to tell it apart.)
 */
async function closedPort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

const SERVER = new URL('./support/faulty-server.mjs', import.meta.url).pathname;
const TIMEOUT_MS = 300;
const TOTAL_TIMEOUT_MS = 2500;
/** How far past `totalTimeout` a call may end and still count as "within its deadline" (a busy machine). */
const DEADLINE_SLACK_MS = 2000;
const FAST_RETRY: RetryOptions = { baseDelay: 10, maxDelay: 40 };

interface Scenario {
  readonly name: string;
  /** The server behaviour (see faulty-server.mjs). */
  readonly path: string;
  readonly unsafe: boolean;
  /** `result`, or the error `name` the call must reject with. */
  readonly outcome: string;
  /** Requests the server must have seen per call. */
  readonly requests: number;
  /** Messages the server may have processed per call: at most 1 unless unsafe. */
  readonly processed: number;
  /** Calls in parallel (a storm); default 1 at a time. */
  readonly calls?: number;
  /** What the error message must say (a reset after sending: the message may have been delivered). */
  readonly message?: RegExp;
}

const scenarios: Scenario[] = [
  { name: 'healthy server', path: 'ok', unsafe: false, outcome: 'result', requests: 1, processed: 1 },
  {
    name: 'reset before reading the request',
    path: 'reset-before-read',
    unsafe: false,
    outcome: 'MoMoTalkConnectionError',
    requests: 1,
    processed: 0,
  },
  {
    name: 'reset before reading the request (unsafe)',
    path: 'reset-before-read',
    unsafe: true,
    outcome: 'MoMoTalkConnectionError',
    requests: 3,
    processed: 0,
  },
  {
    name: 'reset after reading the request',
    path: 'reset-after-read',
    unsafe: false,
    outcome: 'MoMoTalkConnectionError',
    requests: 1,
    processed: 1,
    message: /may have been delivered; not retried/,
  },
  {
    name: 'reset after reading the request (unsafe)',
    path: 'reset-after-read',
    unsafe: true,
    outcome: 'MoMoTalkConnectionError',
    requests: 3,
    processed: 3,
  },
  {
    name: '429 storm with Retry-After: 0',
    path: '429:0',
    unsafe: false,
    outcome: 'MoMoTalkRateLimitError',
    requests: 3,
    processed: 0,
  },
  {
    name: '429 storm without Retry-After',
    path: '429',
    unsafe: false,
    outcome: 'MoMoTalkRateLimitError',
    requests: 3,
    processed: 0,
  },
  {
    name: '429 with Retry-After past maxRetryAfter',
    path: '429:3600',
    unsafe: false,
    outcome: 'MoMoTalkRateLimitError',
    requests: 1,
    processed: 0,
  },
  {
    name: '429 twice, then accepted',
    path: '429-then-ok:2',
    unsafe: false,
    outcome: 'result',
    requests: 3,
    processed: 1,
  },
  {
    name: '503 twice, then accepted',
    path: '503-then-ok:2',
    unsafe: false,
    outcome: 'result',
    requests: 3,
    processed: 1,
  },
  {
    name: '500 burst',
    path: '5xx:500',
    unsafe: false,
    outcome: 'MoMoTalkServerError',
    requests: 1,
    processed: 1,
  },
  {
    name: '502 burst',
    path: '5xx:502',
    unsafe: false,
    outcome: 'MoMoTalkServerError',
    requests: 1,
    processed: 1,
  },
  {
    name: '504 burst',
    path: '5xx:504',
    unsafe: false,
    outcome: 'MoMoTalkServerError',
    requests: 1,
    processed: 1,
  },
  {
    name: '500 burst (unsafe)',
    path: '5xx:500',
    unsafe: true,
    outcome: 'MoMoTalkServerError',
    requests: 3,
    processed: 3,
  },
  {
    name: '500 twice, then accepted',
    path: '5xx-then-ok:2',
    unsafe: false,
    outcome: 'MoMoTalkServerError',
    requests: 1,
    processed: 1,
  },
  {
    name: '500 twice, then accepted (unsafe)',
    path: '5xx-then-ok:2',
    unsafe: true,
    outcome: 'result',
    requests: 3,
    processed: 3,
  },
  {
    name: 'hang before reading',
    path: 'hang-before-read',
    unsafe: false,
    outcome: 'MoMoTalkTimeoutError',
    requests: 1,
    processed: 0,
  },
  {
    name: 'hang after reading',
    path: 'hang',
    unsafe: false,
    outcome: 'MoMoTalkTimeoutError',
    requests: 1,
    processed: 1,
  },
  {
    name: 'hang after reading (unsafe)',
    path: 'hang',
    unsafe: true,
    outcome: 'MoMoTalkTimeoutError',
    requests: 3,
    processed: 3,
  },
  // The status arrived in time; the body did not. A 2xx is a sent message (its body is optional).
  {
    name: 'slow body on 200',
    path: 'slow-body:200',
    unsafe: false,
    outcome: 'result',
    requests: 1,
    processed: 1,
  },
  {
    name: 'slow body on 500',
    path: 'slow-body:500',
    unsafe: false,
    outcome: 'MoMoTalkServerError',
    requests: 1,
    processed: 1,
  },
  {
    name: 'invalid JSON on 200',
    path: 'invalid-json:200',
    unsafe: false,
    outcome: 'result',
    requests: 1,
    processed: 1,
  },
  {
    name: 'invalid JSON on 500',
    path: 'invalid-json:500',
    unsafe: false,
    outcome: 'MoMoTalkServerError',
    requests: 1,
    processed: 1,
  },
  {
    name: 'invalid JSON on 429',
    path: 'invalid-json:429',
    unsafe: false,
    outcome: 'MoMoTalkRateLimitError',
    requests: 3,
    processed: 0,
  },
];

let child: ChildProcess;
let port = 0;
let runCounter = 0;
const report: Array<Record<string, unknown>> = [];

async function stats(run: string): Promise<{ requests: number; bodies: number; processed: number }> {
  const response = await fetch(`http://127.0.0.1:${port}/__stats/${run}`);
  return (await response.json()) as { requests: number; bodies: number; processed: number };
}

interface CallResult {
  readonly outcome: string;
  readonly message: string;
  readonly typed: boolean;
  readonly elapsedMs: number;
  readonly run: string;
}

async function call(path: string, unsafe: boolean): Promise<CallResult> {
  const run = `r${++runCounter}`;
  const client = new BotClient({
    botId: 'bot_faults',
    token: 'token-not-a-secret',
    baseUrl: `http://127.0.0.1:${port}/${encodeURIComponent(path)}/${run}`,
    timeout: TIMEOUT_MS,
    totalTimeout: TOTAL_TIMEOUT_MS,
    retry: { ...FAST_RETRY, unsafe },
  });
  const started = performance.now();
  try {
    await client.sendMessage({ room_id: 1, body: `hello ${run}` });
    return { outcome: 'result', message: '', typed: true, elapsedMs: performance.now() - started, run };
  } catch (error) {
    return {
      outcome: error instanceof Error ? error.name : typeof error,
      message: error instanceof Error ? error.message : String(error),
      typed: isMoMoTalkError(error),
      elapsedMs: performance.now() - started,
      run,
    };
  }
}

describe('outbound faults: a misbehaving Bot API in another process', () => {
  beforeAll(async () => {
    child = spawn(process.execPath, [SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    port = await new Promise<number>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`faulty-server exited with ${code}`)));
      lines.once('line', (line) => resolve((JSON.parse(line) as { port: number }).port));
    });
  });

  afterAll(async () => {
    if (child?.exitCode === null) {
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
    }
    writeReport('outbound-faults', {
      timeoutMs: TIMEOUT_MS,
      totalTimeoutMs: TOTAL_TIMEOUT_MS,
      retry: FAST_RETRY,
      scenarios: report,
    });
  });

  const perScenario = 3 * SCALE;
  for (const scenario of scenarios) {
    it(`${scenario.name}: ${scenario.outcome}, ${scenario.processed} processed per call`, async () => {
      // A few calls at once (different runs): the client's state must not leak between them.
      const results = await Promise.all(
        Array.from({ length: perScenario }, () => call(scenario.path, scenario.unsafe)),
      );
      const counted = await Promise.all(results.map((result) => stats(result.run)));
      report.push({
        scenario: scenario.name,
        server: scenario.path,
        unsafe: scenario.unsafe,
        calls: results.length,
        outcomes: tally(results.map((result) => result.outcome)),
        allTyped: results.every((result) => result.typed),
        requests: counted.reduce((sum, count) => sum + count.requests, 0),
        processed: counted.reduce((sum, count) => sum + count.processed, 0),
        maxProcessedPerCall: Math.max(...counted.map((count) => count.processed)),
        maxElapsedMs: Math.round(Math.max(...results.map((result) => result.elapsedMs))),
      });
      for (const [index, result] of results.entries()) {
        expect(result.outcome).toBe(scenario.outcome);
        if (scenario.message !== undefined) expect(result.message).toMatch(scenario.message);
        expect(result.typed).toBe(true);
        expect(result.elapsedMs).toBeLessThan(TOTAL_TIMEOUT_MS + DEADLINE_SLACK_MS);
        expect(counted[index]?.requests).toBe(scenario.requests);
        expect(counted[index]?.processed).toBe(scenario.processed);
        if (!scenario.unsafe) expect(counted[index]?.processed).toBeLessThanOrEqual(1);
      }
    });
  }

  it('a 429 storm over many concurrent calls: each ends sent once or rate-limited, never twice', async () => {
    // 60 calls at once, SCALE rounds (the long suite repeats the storm rather than widening it).
    const calls = 60 * SCALE;
    const results: CallResult[] = [];
    for (let round = 0; round < SCALE; round++) {
      results.push(...(await Promise.all(Array.from({ length: 60 }, () => call('storm:70', false)))));
    }
    const counted = await Promise.all(results.map((result) => stats(result.run)));
    const sent = results.filter((result) => result.outcome === 'result').length;
    report.push({
      scenario: '429 storm (70% of requests), concurrent calls',
      server: 'storm:70',
      unsafe: false,
      calls,
      outcomes: tally(results.map((result) => result.outcome)),
      allTyped: results.every((result) => result.typed),
      requests: counted.reduce((sum, count) => sum + count.requests, 0),
      processed: counted.reduce((sum, count) => sum + count.processed, 0),
      maxProcessedPerCall: Math.max(...counted.map((count) => count.processed)),
      maxElapsedMs: Math.round(Math.max(...results.map((result) => result.elapsedMs))),
    });
    for (const [index, result] of results.entries()) {
      // Sent once, or rate-limited (nothing processed). On a busy machine an attempt may also run past the
      // 300 ms timeout: a typed MoMoTalkTimeoutError, and still never more than one processed message.
      expect(result.typed).toBe(true);
      expect(['result', 'MoMoTalkRateLimitError', 'MoMoTalkTimeoutError']).toContain(result.outcome);
      if (result.outcome === 'result') expect(counted[index]?.processed).toBe(1);
      if (result.outcome === 'MoMoTalkRateLimitError') expect(counted[index]?.processed).toBe(0);
      expect(counted[index]?.processed).toBeLessThanOrEqual(1);
      expect(counted[index]?.requests).toBeLessThanOrEqual(3);
    }
    expect(sent).toBeGreaterThan(0);
  });

  it('connection refused (nothing listening) is retried safely and ends in MoMoTalkConnectionError', async () => {
    const refusedPort = await closedPort();
    const client = new BotClient({
      botId: 'bot_faults',
      token: 'token-not-a-secret',
      baseUrl: `http://127.0.0.1:${refusedPort}/refused`,
      timeout: TIMEOUT_MS,
      totalTimeout: TOTAL_TIMEOUT_MS,
      retry: FAST_RETRY,
    });
    let retries = 0;
    const error = await client.sendMessage({ room_id: 1, body: 'x' }, {}).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(isMoMoTalkError(error)).toBe(true);
    expect((error as Error).name).toBe('MoMoTalkConnectionError');
    const counting = new BotClient({
      botId: 'bot_faults',
      token: 'token-not-a-secret',
      baseUrl: `http://127.0.0.1:${refusedPort}/refused`,
      retry: FAST_RETRY,
      hooks: {
        onRetry: () => {
          retries += 1;
        },
      },
    });
    await counting.sendMessage({ room_id: 1, body: 'x' }).catch(() => {});
    expect(retries).toBe(2); // ECONNREFUSED proves nothing was sent: the default policy retries it
    report.push({
      scenario: 'connection refused',
      server: 'none',
      unsafe: false,
      calls: 2,
      outcomes: { MoMoTalkConnectionError: 2 },
      allTyped: true,
      retries,
    });
  });
});

function tally(values: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const value of values) out[value] = (out[value] ?? 0) + 1;
  return out;
}

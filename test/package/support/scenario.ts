// What the bot of test/fixtures/consumers/scenario.cjs reports on one runtime, and the loopback Bot API on
// 127.0.0.1 that its replies reach, so a test can judge both what the runtime did and what it sent.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isCI } from '../../support/index.js';

/** The scenario's report: outcomes are 'ok', 'missing' (not exported) or what went wrong. */
export interface ScenarioReport {
  loaded: boolean;
  getBuiltinModule: string;
  botId: string;
  token: string;
  roomId: number;
  expectedRequests: number;
  syncVerify: string;
  checks: Record<string, string>;
}

interface Received {
  method: string | undefined;
  url: string | undefined;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface LoopbackApi {
  baseUrl: string;
  /** Requests the runtime identified by `botId` made. */
  requestsFor(botId: string): Received[];
  close(): Promise<void>;
}

/** Answers `POST /api/bots/:botId/messages` with 200 and records every request. */
export async function startLoopbackApi(): Promise<LoopbackApi> {
  const requests: Received[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      requests.push({ method: request.method, url: request.url, headers: request.headers, body });
      const sent = /^\/api\/bots\/[^/]+\/messages$/.test(request.url ?? '') && request.method === 'POST';
      response.writeHead(sent ? 200 : 404, { 'content-type': 'application/json', 'x-request-id': 'req-1' });
      response.end(sent ? JSON.stringify({ message_id: `m-${requests.length}` }) : '{"error":"not found"}');
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/api`,
    requestsFor: (botId) => requests.filter((request) => request.url?.startsWith(`/api/bots/${botId}/`)),
    close: () => new Promise((done) => server.close(() => done())),
  };
}

/** The last stdout line a consumer app printed, as its report; throws with the output when there is none. */
export function parseReport(result: { code: number; stdout: string; stderr: string }): ScenarioReport {
  const last = result.stdout.trim().split('\n').at(-1) ?? '';
  try {
    return JSON.parse(last) as ScenarioReport;
  } catch {
    throw new Error(`exited ${result.code} without a report:\n${result.stdout}\n${result.stderr}`);
  }
}

/**
 * Everything wrong with one runtime's run, [] when it passed. `expectNodeCrypto`: whether the runtime
 * should expose node:crypto through process.getBuiltinModule. A check the package does not export yet
 * ('missing') is a warning locally and a problem on CI.
 */
export function scenarioProblems(
  report: ScenarioReport,
  api: LoopbackApi,
  { expectNodeCrypto }: { expectNodeCrypto: boolean },
): string[] {
  const problems: string[] = [];
  if (report.loaded !== true) problems.push('the package did not load');
  if ((report.getBuiltinModule === 'function') !== expectNodeCrypto) {
    problems.push(
      `process.getBuiltinModule is ${report.getBuiltinModule}; expected ${expectNodeCrypto ? 'a function' : 'absent'}`,
    );
  }
  if (expectNodeCrypto && report.syncVerify !== 'ok') {
    problems.push(`verifyWebhook (node:crypto) should work here: ${report.syncVerify}`);
  }
  if (!expectNodeCrypto && !/needs node:crypto/.test(report.syncVerify)) {
    problems.push(`verifyWebhook should explain that node:crypto is missing, got: ${report.syncVerify}`);
  }
  for (const [name, outcome] of Object.entries(report.checks)) {
    if (outcome === 'missing' && !isCI) console.warn(`*** NOT CHECKED: ${name} (not exported yet) ***`);
    else if (outcome !== 'ok') problems.push(`${name}: ${outcome}`);
  }
  if (report.checks.client === 'ok' || report.checks['handler routes and replies'] === 'ok') {
    const sent = api.requestsFor(report.botId);
    if (sent.length !== report.expectedRequests) {
      problems.push(`the Bot API received ${sent.length} request(s), expected ${report.expectedRequests}`);
    }
    for (const request of sent) {
      if (request.method !== 'POST') problems.push(`method ${request.method}`);
      if (request.headers.authorization !== `Bearer ${report.token}`) problems.push('wrong bearer token');
      if (!/^application\/json/.test(String(request.headers['content-type']))) {
        problems.push(`content-type ${request.headers['content-type']}`);
      }
      let body: { room_id?: unknown; body?: unknown } | undefined;
      try {
        body = JSON.parse(request.body) as typeof body;
      } catch {
        problems.push(`request body is not JSON: ${request.body.slice(0, 80)}`);
      }
      if (body && (body.room_id !== report.roomId || typeof body.body !== 'string')) {
        problems.push(`unexpected request body ${request.body.slice(0, 200)}`);
      }
    }
  }
  return problems;
}

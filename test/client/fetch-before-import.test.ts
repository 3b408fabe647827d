import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// A `fetch` replaced before the SDK is imported cannot be told from Node's own (no source-text sniffing).
// The documented outcome (BotClientOptions.transport): the default does not use it, `transport: 'fetch'`
// and the `fetch` option do. Only a fresh process can replace `fetch` before the SDK is first imported.

const root = new URL('../../', import.meta.url).pathname;
let dir = '';

beforeAll(async () => {
  mkdirSync(join(root, '.tmp'), { recursive: true });
  dir = mkdtempSync(join(root, '.tmp', 'fetch-before-import-'));
  await build({
    entryPoints: [join(root, 'src/index.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    define: { __SDK_VERSION__: '"0.0.0-test"' },
    outfile: join(dir, 'index.mjs'),
    logLevel: 'silent',
  });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Outcome {
  readonly stubCalls: number;
  readonly serverHits: number;
  readonly answeredBy: string;
}

/** In a fresh process: replace `fetch`, then import the SDK and send once with `options`. */
function sendWithFetchReplacedBeforeImport(options: string): Outcome {
  const script = join(dir, `probe-${Math.random().toString(36).slice(2)}.mjs`);
  writeFileSync(
    script,
    `
import http from 'node:http';
let serverHits = 0;
const server = http.createServer((request, response) => {
  serverHits++;
  request.resume();
  response.writeHead(200, { 'content-type': 'application/json' });
  response.end('{"answeredBy":"server"}');
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
let stubCalls = 0;
globalThis.fetch = async () => {
  stubCalls++;
  return new Response('{"answeredBy":"stub"}', { headers: { 'content-type': 'application/json' } });
};
const { BotClient } = await import(${JSON.stringify(join(dir, 'index.mjs'))});
const client = new BotClient({
  botId: 'bot_1',
  token: 'tok_1',
  baseUrl: 'http://127.0.0.1:' + server.address().port + '/api',
  ...${options},
});
const result = await client.sendMessage({ room_id: 1, body: 'hi' });
server.close();
console.log(JSON.stringify({ stubCalls, serverHits, answeredBy: result.data.answeredBy }));
`,
  );
  const output = execFileSync(process.execPath, [script], { cwd: root, encoding: 'utf8' });
  return JSON.parse(output.trim().split('\n').at(-1) as string) as Outcome;
}

describe('a global fetch replaced before the SDK is imported', () => {
  it('is not used by default: the lean node:http transport sends (as documented)', () => {
    expect(sendWithFetchReplacedBeforeImport('{}')).toEqual({
      stubCalls: 0,
      serverHits: 1,
      answeredBy: 'server',
    });
  });

  it("is used with transport: 'fetch'", () => {
    expect(sendWithFetchReplacedBeforeImport("{ transport: 'fetch' }")).toEqual({
      stubCalls: 1,
      serverHits: 0,
      answeredBy: 'stub',
    });
  });

  it('is used when passed as the fetch option', () => {
    expect(sendWithFetchReplacedBeforeImport('{ fetch: globalThis.fetch }')).toEqual({
      stubCalls: 1,
      serverHits: 0,
      answeredBy: 'stub',
    });
  });

  it("is not used with transport: 'node'", () => {
    expect(sendWithFetchReplacedBeforeImport("{ transport: 'node' }")).toEqual({
      stubCalls: 0,
      serverHits: 1,
      answeredBy: 'server',
    });
  });
});

// Shared by the runtime checks (scripts/runtimes/*.mjs): packs the built package, installs the tarball into
// a throwaway consumer project under .tmp/runtimes/, and gives the checks a loopback "Bot API" server.
// Nothing here reads the source tree: consumers see exactly what `npm install momotalk-bot-sdk` gives users.
import { execFile, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, join, posix, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const WORK = join(ROOT, '.tmp/runtimes');
export const PACK_DIR = join(WORK, 'pack');
export const CONSUMER = join(WORK, 'consumer');
export const FIXTURES = join(ROOT, 'scripts/runtimes/consumers');
export const BIN = join(ROOT, 'node_modules/.bin');
export const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

/** True on CI: a missing runtime is then a failure, never a skip. */
export const isCI = ['true', '1'].includes(String(process.env.CI).toLowerCase());

let failures = 0;
export function ok(message) {
  console.log(`ok   ${message}`);
}
export function fail(message, detail) {
  failures += 1;
  console.log(`FAIL ${message}`);
  if (detail) console.log(indent(detail));
}
/** A check that cannot run here: loud locally, a failure on CI. */
export function skip(message) {
  if (isCI) fail(`${message} (CI=true: nothing may be skipped)`);
  else console.log(`SKIP ${message}  <-- not checked on this machine; CI fails here`);
}
export function finish(what) {
  if (failures > 0) {
    console.log(`${what}: ${failures} check(s) failed`);
    process.exit(1);
  }
  console.log(`${what}: all checks passed`);
}
export function indent(text, max = 12) {
  const lines = String(text).trim().split('\n');
  const shown = lines.slice(0, max);
  if (lines.length > max) shown.push(`… ${lines.length - max} more line(s)`);
  return shown.map((line) => `     ${line}`).join('\n');
}

/** Runs a command without blocking the event loop (the loopback server lives in this process). */
export function run(file, args, options = {}) {
  return new Promise((resolvePromise) => {
    execFile(
      file,
      args,
      {
        cwd: CONSUMER,
        encoding: 'utf8',
        timeout: 120_000,
        maxBuffer: 16 * 1024 * 1024,
        ...options,
        env: hermetic(options.env ?? process.env),
      },
      (error, stdout, stderr) => {
        resolvePromise({ code: error ? (error.code ?? 1) : 0, stdout, stderr, error });
      },
    );
  });
}

/** The environment without MOMOTALK_* variables (the SDK reads them as defaults; the checks pass options). */
function hermetic(env) {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !name.startsWith('MOMOTALK_')));
}

/** Bare specifiers of every subpath export, e.g. `momotalk-bot-sdk`, `momotalk-bot-sdk/node`. */
export function exportSpecifiers() {
  return Object.keys(pkg.exports)
    .filter((key) => key !== './package.json')
    .map((key) => (key === '.' ? pkg.name : `${pkg.name}/${key.slice(2)}`));
}

/** `npm pack`s dist/ (built by the `build` step) into .tmp/runtimes/pack and returns npm's report. */
export function pack() {
  // In a shared checkout another `tsup` may be rewriting dist/ (it cleans first): wait a little for every
  // file package.json names to exist. A file that stays missing is reported by the tarball check.
  for (let waited = 0; missingEntryFiles().length > 0 && waited < 30; waited += 1) {
    if (waited === 0) console.log('     waiting for dist/ to be complete (is a build running?)');
    spawnSync('sleep', ['1']);
  }
  if (!existsSync(join(ROOT, 'dist/index.js'))) {
    throw new Error('dist/ is missing: run `npm run build` (or the whole `npm test`) first');
  }
  rmSync(PACK_DIR, { recursive: true, force: true });
  mkdirSync(PACK_DIR, { recursive: true });
  const result = spawnSync('npm', ['pack', '--json', '--pack-destination', PACK_DIR], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`npm pack failed:\n${result.stderr}`);
  const [report] = JSON.parse(result.stdout);
  return { ...report, tarball: join(PACK_DIR, report.filename) };
}

/** Files named by package.json (main, module, types, bin, exports, typesVersions), normalised. */
export function entryFiles() {
  const referenced = new Set();
  const collect = (value) => {
    if (typeof value === 'string') referenced.add(posix.normalize(value));
    else if (Array.isArray(value)) value.forEach(collect);
    else if (value && typeof value === 'object') Object.values(value).forEach(collect);
  };
  collect([pkg.main, pkg.module, pkg.types, pkg.bin, pkg.exports, pkg.typesVersions].filter(Boolean));
  return [...referenced];
}

/** Files named by package.json that do not exist. */
export function missingEntryFiles() {
  return entryFiles().filter((path) => !existsSync(join(ROOT, path)));
}

/**
 * Packs the package and installs the tarball (plus its dependencies from the registry or the npm cache)
 * into .tmp/runtimes/consumer. Reinstalls only when the tarball's content changed; always refreshes the
 * consumer apps from scripts/runtimes/consumers.
 */
export function prepareConsumer() {
  let packed = pack();
  // A concurrent build in a shared checkout can empty dist/ while npm packs it: pack again, then give up
  // with one clear message (the tarball check names a file that is missing for good).
  for (let attempt = 1; attempt <= 5; attempt += 1) {
    const inTarball = new Set(packed.files.map((file) => file.path));
    const missing = entryFiles().filter((path) => !inTarball.has(path));
    if (missing.length === 0) break;
    if (attempt === 5) throw new Error(`the tarball lacks files package.json names: ${missing.join(', ')}`);
    spawnSync('sleep', ['2']);
    packed = pack();
  }
  const digest = createHash('sha256').update(readFileSync(packed.tarball)).digest('hex');
  const stamp = join(CONSUMER, '.installed-tarball');
  const current = existsSync(stamp) ? readFileSync(stamp, 'utf8') : '';
  if (current !== digest) {
    rmSync(CONSUMER, { recursive: true, force: true });
    mkdirSync(CONSUMER, { recursive: true });
    writeFileSync(
      join(CONSUMER, 'package.json'),
      `${JSON.stringify({ name: 'momotalk-consumer', private: true, type: 'module' }, null, 2)}\n`,
    );
    const started = performance.now();
    const install = spawnSync(
      'npm',
      ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', packed.tarball],
      { cwd: CONSUMER, encoding: 'utf8' },
    );
    if (install.status !== 0) throw new Error(`npm install of the tarball failed:\n${install.stderr}`);
    writeFileSync(stamp, digest);
    console.log(
      `     installed ${packed.filename} into ${CONSUMER} (${Math.round(performance.now() - started)} ms)`,
    );
  }
  for (const entry of readdirSync(FIXTURES)) {
    cpSync(join(FIXTURES, entry), join(CONSUMER, entry), { recursive: true });
  }
  return { ...packed, digest };
}

/**
 * A stand-in for the MoMoTalk Bot API on 127.0.0.1: answers `POST /api/bots/:botId/messages` with 200 and
 * records every request, so a check can assert what a runtime's client actually sent.
 */
export async function startLoopbackApi() {
  const requests = [];
  const server = createServer((request, response) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      requests.push({ method: request.method, url: request.url, headers: request.headers, body });
      const sent = /^\/api\/bots\/[^/]+\/messages$/.test(request.url ?? '') && request.method === 'POST';
      response.writeHead(sent ? 200 : 404, { 'content-type': 'application/json', 'x-request-id': 'req-1' });
      response.end(sent ? JSON.stringify({ message_id: `m-${requests.length}` }) : '{"error":"not found"}');
    });
  });
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address();
  return {
    baseUrl: `http://127.0.0.1:${port}/api`,
    /** Requests the runtime identified by `botId` made. */
    requestsFor: (botId) => requests.filter((request) => request.url?.startsWith(`/api/bots/${botId}/`)),
    close: () => new Promise((done) => server.close(done)),
  };
}

/**
 * Checks what one runtime's run of scenario.cjs reported, and what the loopback server received from it.
 * `expectNodeCrypto` says whether the runtime should expose node:crypto through process.getBuiltinModule.
 */
export function checkScenario(label, report, api, { expectNodeCrypto }) {
  if (!report) return;
  const problems = [];
  if (report.loaded !== true) problems.push('the package did not load');
  const hasGetBuiltin = report.getBuiltinModule === 'function';
  if (hasGetBuiltin !== expectNodeCrypto) {
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
  for (const [name, outcome] of Object.entries(report.checks ?? {})) {
    if (outcome === 'missing') {
      skip(`${label}: ${name} (not exported by the package yet)`);
    } else if (outcome !== 'ok') {
      problems.push(`${name}: ${outcome}`);
    }
  }
  if (report.checks?.client === 'ok' || report.checks?.['handler routes and replies'] === 'ok') {
    const sent = api.requestsFor(report.botId);
    const expected = report.expectedRequests ?? 0;
    if (sent.length !== expected) {
      problems.push(
        `the loopback Bot API received ${sent.length} request(s) from this runtime, expected ${expected}`,
      );
    }
    for (const request of sent) {
      if (request.method !== 'POST') problems.push(`method ${request.method}`);
      if (request.headers.authorization !== `Bearer ${report.token}`)
        problems.push('missing or wrong bearer token');
      if (!/^application\/json/.test(String(request.headers['content-type']))) {
        problems.push(`content-type ${request.headers['content-type']}`);
      }
      let body;
      try {
        body = JSON.parse(request.body);
      } catch {
        problems.push(`request body is not JSON: ${request.body.slice(0, 80)}`);
        continue;
      }
      if (body.room_id !== report.roomId || typeof body.body !== 'string') {
        problems.push(`unexpected request body ${request.body.slice(0, 200)}`);
      }
    }
  }
  if (problems.length > 0) fail(label, problems.join('\n'));
  else {
    const done = Object.entries(report.checks ?? {})
      .filter(([, outcome]) => outcome === 'ok')
      .map(([name]) => name);
    if (report.syncVerify === 'ok') done.unshift('verifyWebhook');
    ok(`${label}: ${done.join(', ')}; node:crypto ${expectNodeCrypto ? 'used' : 'absent → Web Crypto'}`);
  }
}

/** Parses the last stdout line a consumer app printed as JSON (its report). */
export function parseReport(label, result) {
  const last = result.stdout.trim().split('\n').at(-1) ?? '';
  try {
    return JSON.parse(last);
  } catch {
    fail(`${label}: exited ${result.code} without a report`, `${result.stdout}\n${result.stderr}`);
    return undefined;
  }
}

/** Maps `items` through async `fn`, at most `limit` at a time (the machine has two cores). */
export async function mapLimit(items, limit, fn) {
  const results = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]);
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
  return results;
}

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const dist = new URL('../../dist/', import.meta.url);
const entries = { import: new URL('index.js', dist), require: new URL('index.cjs', dist) };
const built = existsSync(entries.import) && existsSync(entries.require);
if (!built) {
  console.warn(
    '\n!!! test/webhooks/no-ky.test.ts SKIPPED: dist/index.js or dist/index.cjs is missing. Run `npm run build` ' +
      '(npm test builds before vitest) to check that the webhook path never loads ky.\n',
  );
}

/**
 * Loads `target` in a fresh Node process (the one running vitest, Node 24) with a `module.registerHooks`
 * resolve hook that records every resolved URL, for `import` and `require` alike, then verifies and
 * parses a delivery through the entry, and prints the recorded URLs.
 */
function resolvedUrls(how: 'import' | 'require', target: string, exercise = true): string[] {
  const script = `
    import { registerHooks, createRequire } from 'node:module';
    const seen = [];
    registerHooks({ resolve(specifier, context, next) { const result = next(specifier, context); seen.push(result.url); return result; } });
    const target = ${JSON.stringify(target)};
    const sdk = ${how === 'import' ? 'await import(target)' : 'createRequire(import.meta.url)(target)'};
    if (${exercise}) {
      const body = '{"event_type":"talk.message_created","event_id":"e","bot_id":"b","timestamp":1,"message":{"room_id":1,"message_id":2,"sender_user_id":"u","body":"hi","message_type":"TEXT","created_at":1}}';
      const signature = sdk.signWebhook(body, 's');
      const headers = { 'x-momotalk-bot-signature': signature };
      if (sdk.constructWebhookEvent(body, headers, 's').event_type !== 'talk.message_created') process.exit(3);
      if ((await sdk.constructWebhookEventAsync(body, headers, 's')).event_type !== 'talk.message_created') process.exit(4);
    }
    console.log(JSON.stringify(seen));
  `;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return JSON.parse(result.stdout) as string[];
}

const isKy = (url: string) => /\/node_modules\/ky\//.test(url);

describe.skipIf(!built)('the webhook path never loads ky (fresh Node process, built dist/)', () => {
  it('positive control: the hook does see ky when something loads it', () => {
    const kyEntry = fileURLToPath(import.meta.resolve('ky'));
    expect(resolvedUrls('import', kyEntry, false).some(isKy)).toBe(true);
  });

  it.each(['import', 'require'] as const)(
    '%s of the root entry, then verify + parse: ky never resolved',
    (how) => {
      const urls = resolvedUrls(how, fileURLToPath(entries[how]));
      expect(urls.some((url) => url.includes('/dist/'))).toBe(true);
      expect(urls.some((url) => url.includes('/node_modules/zod/'))).toBe(true);
      expect(urls.filter(isKy)).toEqual([]);
    },
  );
});

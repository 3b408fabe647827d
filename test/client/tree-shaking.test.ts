import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url).pathname;

/**
 * An edge-style bundle (neutral platform, ESM, minified) of `code`, importing the SDK's sources.
 * `ignoreAnnotations` ignores `"sideEffects": false`: the published dist/index.js is one module, so a
 * bundler cannot drop a source file whole there; only code that is tree-shakable statement by statement
 * goes. Without it this test would pass even with the schema built at module level.
 */
async function bundle(code: string): Promise<string> {
  const result = await build({
    stdin: { contents: code, resolveDir: root, loader: 'ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    external: ['ky'],
    define: { __SDK_VERSION__: '"0.0.0-test"' },
    write: false,
    ignoreAnnotations: true,
    logLevel: 'silent',
  });
  return result.outputFiles[0]?.text ?? '';
}

// A message of the send-message schema: present exactly when the schema is in the bundle.
const SCHEMA_MARKER = 'is not JSON-serialisable';

describe('tree-shaking of the Bot API client', () => {
  it("a webhook-only bundle leaves out sendMessage's schema; a bundle that sends keeps it", async () => {
    const webhookOnly = await bundle(
      "import { createWebhookHandler } from './src/index.ts';\n" +
        "export default createWebhookHandler({ secret: 's' });",
    );
    const sending = await bundle(
      "import { BotClient } from './src/index.ts';\n" +
        "export default new BotClient({ botId: 'b', token: 't' });",
    );
    // Booleans, so a failure does not print a whole bundle.
    expect({
      webhookOnly: webhookOnly.includes(SCHEMA_MARKER),
      sending: sending.includes(SCHEMA_MARKER),
    }).toEqual({
      webhookOnly: false,
      sending: true,
    });
  });
});

import type * as NodeHttp from 'node:http';
import { getBuiltin } from '../internal/get-builtin.js';

/**
 * @internal node:http, loaded through `process.getBuiltinModule` instead of a static import: the test kit
 * reaches the emulator through a dynamic `import()`, and bundlers for edge runtimes follow those, so no
 * module of the kit names node:* at all. Node, Bun and Deno have it.
 *
 * @throws {Error} On a runtime without node:http (workerd, browsers): the emulator is a Node server.
 */
export function getNodeHttp(): typeof NodeHttp {
  const http = getBuiltin('node:http') as typeof NodeHttp | undefined;
  if (http === undefined || typeof http.createServer !== 'function') {
    throw new Error(
      '[momotalk-bot-sdk] startEmulator needs node:http (Node 22.12+, Bun or Deno); it cannot run in ' +
        'Cloudflare Workers or a browser. Run the emulator in Node and point your bot at emulator.apiBaseUrl.',
    );
  }
  return http;
}

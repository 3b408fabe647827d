import { createServer } from 'node:http';
import { Readable } from 'node:stream';
import type { StartedServer } from './common-cases.js';
import { listen } from './listen.js';

/**
 * Serves a Fetch-standard `(request) => Response` on node:http over loopback, the way @hono/node-server
 * and other Node hosts of Fetch apps do: the request body is streamed in, not buffered.
 */
export function serveFetch(
  fetchHandler: (request: Request) => Response | Promise<Response>,
): Promise<StartedServer> {
  const server = createServer(async (req, res) => {
    const headers = new Headers();
    for (let i = 0; i < req.rawHeaders.length; i += 2) {
      headers.append(req.rawHeaders[i] as string, req.rawHeaders[i + 1] as string);
    }
    const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
    const request = new Request(`http://${req.headers.host}${req.url}`, {
      method: req.method ?? 'GET',
      headers,
      body: hasBody ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : null,
      duplex: 'half',
    } as RequestInit);
    const response = await fetchHandler(request);
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  return listen(server, '/webhook');
}

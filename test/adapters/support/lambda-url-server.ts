import { createServer } from 'node:http';
import type { LambdaHttpEvent, LambdaHttpResult } from '../../../src/adapters/aws-lambda.js';
import type { StartedServer } from './common-cases.js';
import { listen } from './listen.js';

const TEXT_TYPES = /^(text\/|application\/(json|xml|javascript|x-www-form-urlencoded)\b)|\+json\b|\+xml\b/i;

/**
 * A loopback stand-in for the Lambda function URL front end: it buffers each request (as AWS does), turns
 * it into a payload-format 2.0 event (lower-case headers, repeated ones joined with ",", cookies moved to
 * `cookies`, non-text bodies base64-encoded) and writes the function's result back.
 */
export function serveAsFunctionUrl(
  handler: (event: LambdaHttpEvent, context: unknown) => Promise<LambdaHttpResult>,
): Promise<StartedServer> {
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const headers: Record<string, string> = {};
    for (let i = 0; i < req.rawHeaders.length; i += 2) {
      const name = (req.rawHeaders[i] as string).toLowerCase();
      const value = req.rawHeaders[i + 1] as string;
      if (name !== 'cookie') headers[name] = name in headers ? `${headers[name]},${value}` : value;
    }
    const [rawPath = '/', rawQueryString = ''] = (req.url ?? '/').split('?', 2);
    const text = TEXT_TYPES.test(headers['content-type'] ?? '');
    const event = {
      version: '2.0',
      routeKey: '$default',
      rawPath,
      rawQueryString,
      ...(req.headers.cookie === undefined ? {} : { cookies: req.headers.cookie.split('; ') }),
      headers,
      requestContext: { http: { method: req.method ?? 'GET', path: rawPath } },
      ...(raw.byteLength === 0 ? {} : { body: raw.toString(text ? 'utf8' : 'base64') }),
      isBase64Encoded: raw.byteLength > 0 && !text,
    };
    try {
      const result = await handler(event as LambdaHttpEvent, {});
      res.writeHead(result.statusCode, result.headers).end(result.body);
    } catch {
      // What the front end answers when the invocation fails.
      res.writeHead(502, { 'content-type': 'application/json' }).end('{"Message":"Internal Server Error"}');
    }
  });
  return listen(server, '/webhook');
}

import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { StartedServer } from './common-cases.js';

/** Listens on a free loopback port and returns the URL of `path` on it. */
export async function listen(server: Server, path = '/webhook'): Promise<StartedServer> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

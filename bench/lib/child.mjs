// Servers under test run in their own processes: the load generator and the server never share an
// event loop, as on a real deployment. A server script listens on port 0 and reports { ready: port }.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Starts `bench/servers/<name>.mjs` with `args` and waits for it to listen.
 * @param {string} name
 * @param {string[]} [args]
 * @param {{ execArgv?: string[] }} [options]
 */
export async function startServer(name, args = [], { execArgv = [] } = {}) {
  const script = fileURLToPath(new URL(`../servers/${name}.mjs`, import.meta.url));
  const child = fork(script, args, { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${name} ${args.join(' ')}: not ready within 20 s`)),
      20_000,
    );
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} ${args.join(' ')}: exited with code ${code} before listening`));
    });
    child.on('message', (message) => {
      if (message && typeof message === 'object' && 'ready' in message) {
        clearTimeout(timer);
        resolve(message.ready);
      }
      if (message && typeof message === 'object' && 'failed' in message) {
        clearTimeout(timer);
        reject(new Error(`${name} ${args.join(' ')}: ${message.failed}`));
      }
    });
  });
  child.removeAllListeners('exit');
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    child,
    /** Sends `{ ask }` and resolves with the server's answer `{ answer }`. */
    ask(question) {
      return new Promise((resolve) => {
        const listener = (message) => {
          if (message && typeof message === 'object' && 'answer' in message) {
            child.off('message', listener);
            resolve(message.answer);
          }
        };
        child.on('message', listener);
        child.send({ ask: question });
      });
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Reports the listening port to the parent (call from a server script). */
export function reportReady(server) {
  const address = server.address();
  process.send?.({ ready: typeof address === 'object' && address ? address.port : 0 });
  process.on('disconnect', () => process.exit(0));
}

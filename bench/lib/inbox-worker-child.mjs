// One inbox worker process for the inbox suite's 1-vs-2-process rows: runs a no-op handler until the
// parent has seen every event (it counts them through Redis) and sends SIGTERM.
import { sdkEntry } from './sdk.mjs';

const { createBullMQInbox, createInboxWorker } = await sdkEntry('bullmq');
const { REDIS_PORT, QUEUE } = process.env;
const connection = { host: '127.0.0.1', port: Number(REDIS_PORT) };
const inbox = createBullMQInbox({ connection, name: QUEUE });
const worker = createInboxWorker({ inbox, process: () => {}, concurrency: 50, onError: () => {} });
await worker.ready();
process.send?.('ready');
process.on('SIGTERM', () => void worker.close().then(() => process.exit(0)));

import { type ChildProcess, fork } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBullMQInbox } from '../../src/inbox/index.js';
import { createWebhookHandler } from '../../src/index.js';
import { createMessageCreatedEvent } from '../../src/testing/create-message-created-event.js';
import { createSignedRequest } from '../../src/testing/create-signed-request.js';
import { BOT_ID, SECRET } from '../support/index.js';
import { type RedisServer, redisAvailability, startRedisServer } from '../support/redis-server.js';

// The numbers (5,000 events) in the long run (`npm run test:long`, RELIABILITY_SCALE=10); 1,000 in
// `npm test`, to keep CI short. Rooms (50), worker processes (2) and kills (10) are the same in both.
const SCALE = Number(process.env.RELIABILITY_SCALE ?? 1);
const EVENTS = Math.min(5000, 1000 * Math.max(1, Math.floor(SCALE)));
const ROOMS = 50;
const KILLS = 10;
const WORKER = new URL('./fixtures/crash-worker.mjs', import.meta.url);

const { run } = redisAvailability();
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The Bot API stand-in and the workers' reports: starts per room, replies and completions per event. */
function startRecorder() {
  const starts = new Map<number, number[]>();
  const replies = new Map<string, number>();
  const done = new Set<string>();
  let unknown = 0;
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => {
      body += chunk.toString();
    });
    request.on('end', () => {
      const data = JSON.parse(body || '{}') as { room: number; seq: number; id: string; body: string };
      if (request.url === '/start') starts.set(data.room, [...(starts.get(data.room) ?? []), data.seq]);
      else if (request.url === '/done') done.add(data.id);
      else if (request.url === '/unknown') unknown++;
      else if (request.url?.endsWith('/messages')) {
        replies.set(data.body, (replies.get(data.body) ?? 0) + 1);
        response.setHeader('content-type', 'application/json');
        response.end(JSON.stringify({ message_id: `m_${data.body}` }));
        return;
      }
      response.end('ok');
    });
  });
  return { server, starts, replies, done, unknown: () => unknown };
}

describe.runIf(run)('the inbox under kill -9 (real redis-server, two worker processes)', () => {
  let redis: RedisServer;
  let recorder: ReturnType<typeof startRecorder>;
  let url: string;
  const children = new Set<ChildProcess>();

  beforeAll(async () => {
    redis = await startRedisServer();
    recorder = startRecorder();
    await new Promise<void>((resolve) => recorder.server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(recorder.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await new Promise((resolve) => (recorder?.server as Server | undefined)?.close(resolve));
    await redis?.stop();
  });

  const queue = `crash-${process.pid}`;
  function spawnWorker(): Promise<ChildProcess> {
    const child = fork(WORKER, {
      env: { ...process.env, REDIS_PORT: String(redis.port), QUEUE: queue, RECORDER_URL: url, SECRET },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    children.add(child);
    child.once('exit', () => children.delete(child));
    return new Promise((resolve, reject) => {
      child.once('message', () => resolve(child));
      child.once('error', reject);
    });
  }

  it(`processes ${EVENTS} events over ${ROOMS} rooms with ${KILLS} kill -9s: none lost, each room in order, no duplicate reply beyond the unknown sends`, async () => {
    const inbox = createBullMQInbox({ connection: { host: '127.0.0.1', port: redis.port }, name: queue });
    const webhook = createWebhookHandler({ secret: SECRET, inbox, onError: () => {} });
    const workers = [await spawnWorker(), await spawnWorker()];

    let kills = 0;
    const killer = (async () => {
      while (kills < KILLS) {
        const target = Math.floor(((kills + 1) * EVENTS) / (KILLS + 1));
        while (recorder.done.size < target) await sleep(5);
        const index = kills % 2;
        workers[index]?.kill('SIGKILL');
        kills++;
        workers[index] = await spawnWorker();
      }
    })();

    const perRoom = EVENTS / ROOMS;
    for (let seq = 0; seq < perRoom; seq++) {
      // One delivery per room at a time (each room's deliveries are sequential), rooms concurrently.
      const answers = await Promise.all(
        Array.from({ length: ROOMS }, async (_, room) => {
          const event = createMessageCreatedEvent({
            bot_id: BOT_ID,
            event_id: `evt_${room}_${seq}`,
            message: { room_id: room, body: String(seq) },
          });
          // Like the platform: a 503 (the inbox slower than dedupe.timeoutMs on a loaded machine) is
          // delivered again; the claim was released, so the redelivery is stored.
          for (let attempt = 1; ; attempt++) {
            const status = (await webhook(await createSignedRequest(event, SECRET))).status;
            if (status === 200 || attempt === 10) return status;
            await sleep(200);
          }
        }),
      );
      expect(new Set(answers)).toEqual(new Set([200]));
    }
    await killer;
    const end = Date.now() + 120_000;
    while (recorder.done.size < EVENTS && Date.now() < end) await sleep(50);

    expect(kills).toBe(KILLS);
    expect(recorder.done.size).toBe(EVENTS); // every event processed
    expect(await inbox.listDeadLetters()).toEqual([]);
    for (let room = 0; room < ROOMS; room++) {
      // A run cut short by a kill starts again: the same seq twice in a row, never an older one.
      const starts = (recorder.starts.get(room) ?? []).filter((seq, i, all) => i === 0 || all[i - 1] !== seq);
      expect(starts, `room ${room}`).toEqual(Array.from({ length: perRoom }, (_, seq) => seq));
    }
    let duplicates = 0;
    for (const count of recorder.replies.values()) duplicates += count - 1;
    expect(duplicates).toBeLessThanOrEqual(recorder.unknown());
    // Every event's reply is visible, unless its send was of unknown outcome and skipped.
    expect(recorder.replies.size).toBeGreaterThanOrEqual(EVENTS - recorder.unknown());
    console.info(
      `crash run: ${EVENTS} events, ${kills} kills, ${recorder.unknown()} unknown sends, ${duplicates} duplicate replies`,
    );
    await inbox.close();
  }, 300_000);
});

// Coalescing under kill -9 (issue 19): two worker processes with `coalesce` on, killed five times while
// bursts arrive in ten rooms. Every event runs in exactly one group, a group cut short runs again as the
// same group (never grown, never split), each room's groups start in delivery order, and replies are
// not repeated beyond the sends of unknown outcome.
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

const ROOMS = 10;
const PER_ROOM = 30;
const EVENTS = ROOMS * PER_ROOM;
const KILLS = 5;
const WORKER = new URL('./fixtures/coalesce-crash-worker.mjs', import.meta.url);

const { run } = redisAvailability();
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The Bot API stand-in and the workers' reports: group starts per room, replies, events done. */
function startRecorder() {
  const starts = new Map<number, number[][]>();
  const replies = new Map<string, number>();
  const done = new Set<string>();
  let unknown = 0;
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => {
      body += chunk.toString();
    });
    request.on('end', () => {
      const data = JSON.parse(body || '{}') as { room: number; seqs: number[]; ids: string[]; body: string };
      if (request.url === '/start') starts.set(data.room, [...(starts.get(data.room) ?? []), data.seqs]);
      else if (request.url === '/done') for (const id of data.ids) done.add(id);
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

describe.runIf(run)('coalescing under kill -9 (real redis-server, two worker processes)', () => {
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

  const queue = `coalesce-crash-${process.pid}`;
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

  it(`runs ${EVENTS} events in bursts over ${ROOMS} rooms with ${KILLS} kill -9s: each in exactly one group, groups stable and in order`, async () => {
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

    for (let seq = 0; seq < PER_ROOM; seq++) {
      const answers = await Promise.all(
        Array.from({ length: ROOMS }, async (_, room) => {
          const event = createMessageCreatedEvent({
            bot_id: BOT_ID,
            event_id: `evt_${room}_${seq}`,
            // Another sender now and then ends a burst.
            message: {
              room_id: room,
              body: String(seq),
              sender_user_id: seq % 7 === 3 ? 'user_bob' : 'user_alice',
            },
          });
          for (let attempt = 1; ; attempt++) {
            const status = (await webhook(await createSignedRequest(event, SECRET))).status;
            if (status === 200 || attempt === 10) return status;
            await sleep(200);
          }
        }),
      );
      expect(new Set(answers)).toEqual(new Set([200]));
      if (seq % 4 === 3) await sleep(120); // a pause longer than the window: the next messages start a new burst
    }
    await killer;
    const end = Date.now() + 120_000;
    while (recorder.done.size < EVENTS && Date.now() < end) await sleep(50);

    expect(kills).toBe(KILLS);
    expect(recorder.done.size).toBe(EVENTS); // every event ran, alone or in a group
    expect(await inbox.listDeadLetters()).toEqual([]);
    let groups = 0;
    let coalesced = 0;
    for (let room = 0; room < ROOMS; room++) {
      // A group cut short by a kill starts again as the same group; collapse those repeats.
      const starts = (recorder.starts.get(room) ?? []).filter(
        (seqs, i, all) => i === 0 || all[i - 1]?.join() !== seqs.join(),
      );
      // Every event in exactly one group, groups in delivery order, none grown or split on a re-run.
      expect(starts.flat(), `room ${room}`).toEqual(Array.from({ length: PER_ROOM }, (_, seq) => seq));
      groups += starts.length;
      coalesced += starts.filter((seqs) => seqs.length > 1).length;
      for (const seqs of starts) expect(seqs.length).toBeLessThanOrEqual(5);
    }
    expect(coalesced).toBeGreaterThan(0); // bursts did coalesce
    let duplicates = 0;
    for (const count of recorder.replies.values()) duplicates += count - 1;
    expect(duplicates).toBeLessThanOrEqual(recorder.unknown());
    // One reply per group (keyed by its latest event), unless its send was of unknown outcome and skipped.
    expect(recorder.replies.size).toBeGreaterThanOrEqual(groups - recorder.unknown());
    console.info(
      `coalescing crash run: ${EVENTS} events in ${groups} groups (${coalesced} of several), ${kills} kills, ${recorder.unknown()} unknown sends, ${duplicates} duplicate replies`,
    );
    await inbox.close();
  }, 300_000);
});

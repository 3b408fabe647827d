// Sending a message: the same JSON POST through each client, against one loopback server in a separate
// process, 32 requests in flight, a fixed number of requests per contestant per round, interleaved rounds.
import { messagingApi } from '@line/bot-sdk';
import { LogLevel, WebClient } from '@slack/web-api';
import ky from 'ky';
import { request as undiciRequest } from 'undici';
import { startServer } from '../lib/child.mjs';
import { BOT_ID, BOT_TOKEN } from '../lib/fixtures.mjs';
import { sdkExport } from '../lib/sdk.mjs';
import { rotate } from '../lib/stats.mjs';

const CONCURRENCY = 32;
const TEXT = 'Thanks. I received your message.';
const PAYLOAD = { room_id: 123, reply_to_message_id: 456, body: TEXT, metadata: { intent: 'ack' } };

/** Requests per second for `total` calls of `send`, `concurrency` in flight. */
async function burst(send, total, concurrency) {
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < total) {
      next++;
      await send();
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return total / ((performance.now() - started) / 1000);
}

/** Every client must have read and parsed the JSON answer. */
function expectOk(body) {
  if (body?.ok !== true) throw new Error(`unexpected response body: ${JSON.stringify(body)}`);
  return body;
}

/** @param {{ quick: boolean }} options */
export async function run({ quick }) {
  const rounds = quick ? 2 : 7;
  const warmup = quick ? 200 : 600;
  // The same request count for every contestant and round, sized in the warm-up round so the slowest
  // contestant needs about `targetSeconds` per round (a busy machine gets fewer requests, not a longer run).
  const targetSeconds = quick ? 0.5 : 1.5;
  let total = warmup;
  const server = await startServer('bot-api');
  const messagesUrl = `${server.url}/bots/${BOT_ID}/messages`;
  const json = JSON.stringify(PAYLOAD);
  const headers = { authorization: `Bearer ${BOT_TOKEN}`, 'content-type': 'application/json' };

  try {
    const BotClient = await sdkExport('', 'BotClient');
    let sdkSend = BotClient;
    if (!(BotClient instanceof Error)) {
      try {
        const client = new BotClient({ botId: BOT_ID, token: BOT_TOKEN, baseUrl: server.url });
        sdkSend = async () => expectOk((await client.sendMessage(PAYLOAD)).data);
      } catch (error) {
        sdkSend = error;
      }
    }
    const line = new messagingApi.MessagingApiClient({ channelAccessToken: BOT_TOKEN, baseURL: server.url });
    const slack = new WebClient(BOT_TOKEN, {
      slackApiUrl: `${server.url}/api/`,
      retryConfig: { retries: 0 },
      logLevel: LogLevel.ERROR,
    });

    const rows = [
      {
        id: 'undici',
        label: 'undici.request',
        role: 'floor',
        send: async () => {
          const { statusCode, body } = await undiciRequest(messagesUrl, {
            method: 'POST',
            headers,
            body: json,
          });
          if (statusCode !== 200) throw new Error(`status ${statusCode}`);
          return expectOk(await body.json());
        },
      },
      {
        id: 'fetch',
        label: 'global fetch',
        role: 'baseline',
        send: async () => {
          const response = await fetch(messagesUrl, { method: 'POST', headers, body: json });
          if (!response.ok) throw new Error(`status ${response.status}`);
          return expectOk(await response.json());
        },
      },
      { id: 'sdk', label: 'BotClient.sendMessage', role: 'sdk', send: sdkSend },
      {
        id: 'ky',
        label: 'ky (defaults)',
        role: 'peer',
        send: async () => expectOk(await ky.post(messagesUrl, { json: PAYLOAD, headers }).json()),
      },
      {
        id: 'line',
        label: '@line/bot-sdk pushMessage',
        role: 'peer',
        send: async () =>
          expectOk(
            await line.pushMessage({ to: 'U0123456789abcdef', messages: [{ type: 'text', text: TEXT }] }),
          ),
      },
      {
        id: 'slack',
        label: '@slack/web-api chat.postMessage',
        role: 'peer',
        send: async () => expectOk(await slack.chat.postMessage({ channel: 'C0000000', text: TEXT })),
      },
    ];

    const runnable = [];
    for (const row of rows) {
      if (row.send instanceof Error) continue;
      try {
        await row.send();
        runnable.push(row);
      } catch (error) {
        row.send = new Error(`first request failed: ${error.message}`);
      }
    }
    const samples = new Map(runnable.map((row) => [row.id, []]));
    const cpu = new Map(runnable.map((row) => [row.id, []]));
    const warmupRate = new Map();
    const busy = new Map(runnable.map((row) => [row.id, { client: [], server: [] }]));
    for (let round = 0; round < rounds + 1; round++) {
      if (round === 1) {
        const slowest = Math.min(...runnable.map((row) => warmupRate.get(row.id)));
        total = Math.min(
          8000,
          Math.max(quick ? 400 : 1500, Math.round((slowest * targetSeconds) / 100) * 100),
        );
      }
      for (const row of rotate(runnable, round)) {
        const serverBefore = await server.ask('cpu');
        const before = process.cpuUsage();
        const started = performance.now();
        const perSecond = await burst(row.send, total, CONCURRENCY);
        const wallUs = (performance.now() - started) * 1000;
        const used = process.cpuUsage(before);
        const serverUsed = (await server.ask('cpu')) - serverBefore;
        if (round === 0) warmupRate.set(row.id, perSecond);
        if (round > 0) {
          samples.get(row.id)?.push(perSecond);
          cpu.get(row.id)?.push((used.user + used.system) / total);
          busy.get(row.id)?.client.push((used.user + used.system) / wallUs);
          busy.get(row.id)?.server.push(serverUsed / wallUs);
        }
      }
    }

    return {
      id: 'outbound',
      title: 'Sending a message (outbound HTTP)',
      unit: 'req/s',
      higherIsBetter: true,
      method:
        `Loopback node:http server in a separate process answering 200 + small JSON; ${CONCURRENCY} requests ` +
        `in flight; ${total} requests per contestant per round (sized from the warm-up round so the slowest ` +
        `contestant needs about ${targetSeconds} s); ${rounds} interleaved rounds after one warm-up round of ${warmup}. ` +
        'Each call sends the same small JSON body with a bearer token and reads the JSON answer. Client CPU per ' +
        "request is this process's CPU time (user + system) over the round divided by the requests sent." +
        ' "Busy" notes give the share of one core each process used during the rounds: a process near 100% was ' +
        'the bottleneck (a saturated load generator or server caps every contestant alike and pulls ratios toward 1).',
      groups: [
        {
          id: 'c32',
          title: `POST + JSON answer, concurrency ${CONCURRENCY}`,
          floor: 'undici',
          cpuLabel: 'client CPU µs/request',
          rows: rows.map(({ send, ...row }) =>
            send instanceof Error
              ? { ...row, error: send.message }
              : { ...row, samples: samples.get(row.id), cpu: cpu.get(row.id), busy: busy.get(row.id) },
          ),
        },
      ],
    };
  } finally {
    await server.stop();
  }
}

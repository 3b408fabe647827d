// The inbox's optional coalescing window (issue 19), on the memory driver: the rule of
// src/inbox/coalesce-rule.ts, the wait for more, and a failing group retried as one. The clock is vitest's
// fake one, so the window is decided by stored timestamps, never by a race with a sleep.
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Bot } from '../../src/bot/bot.js';
import { BotClient } from '../../src/client/bot-client.js';
import { createMemoryInbox, type InboxJob, LEDGER_HEADER } from '../../src/inbox/index.js';
import { createWebhookHandler, type WebhookEvent } from '../../src/index.js';
import { createMessageCreatedEvent } from '../../src/testing/create-message-created-event.js';
import { createSignedRequest } from '../../src/testing/create-signed-request.js';
import { BOT_ID, SECRET } from '../support/index.js';

const BASE_URL = 'https://bot.test/api';
const api = setupServer();
beforeAll(() => api.listen({ onUnhandledFrame: 'error' }));
afterEach(() => {
  api.resetHandlers();
  vi.useRealTimers();
});
afterAll(() => api.close());

const T0 = Date.UTC(2026, 11, 7, 12, 0, 0);
let sequence = 0;

function message(room: number, body: string, sender = 'user_alice'): WebhookEvent {
  return createMessageCreatedEvent({
    bot_id: BOT_ID,
    event_id: `evt_${room}_${++sequence}`,
    message: { room_id: room, body, sender_user_id: sender },
  });
}

/** A handler that records each run: the latest body and the bodies it coalesced. */
function recorder() {
  const runs: string[][] = [];
  const handler = createWebhookHandler({ secret: SECRET, dedupe: false }).on(
    'talk.message_created',
    (event, ctx) => {
      runs.push([...ctx.coalesced.map((earlier) => earlier.message.body), `>${event.message.body}`]);
    },
  );
  return { runs, handler };
}

/** Stores `event` through the webhook (as the platform would deliver it) at `ms` after T0. */
async function deliverAt(
  handler: (request: Request) => Promise<Response>,
  ms: number,
  event: WebhookEvent,
): Promise<void> {
  vi.setSystemTime(T0 + ms);
  const response = await handler(await createSignedRequest(event, SECRET));
  expect(response.status).toBe(200);
}

describe('createMemoryInbox with coalesce', () => {
  it('runs a burst within the window once, for the latest, the earlier ones in ctx.coalesced; it waits windowMs after the newest for more', async () => {
    vi.useFakeTimers({ now: T0 });
    const inbox = createMemoryInbox();
    const { runs, handler } = recorder();
    const webhook = createWebhookHandler({ secret: SECRET, inbox, dedupe: false });
    const worker = inbox.worker({ handler, coalesce: { windowMs: 1000 } });
    await deliverAt(webhook, 0, message(1, 'hey'));
    await deliverAt(webhook, 400, message(1, 'quick question'));
    await vi.advanceTimersByTimeAsync(999); // 1399: the newest is 999 ms old, the room still waits
    expect(runs).toEqual([]);
    await deliverAt(webhook, 1399, message(1, '…')); // within the window: joins, and the wait starts again
    await vi.advanceTimersByTimeAsync(999);
    expect(runs).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(runs).toEqual([['hey', 'quick question', '>…']]);
    const idle = inbox.idle();
    await vi.runAllTimersAsync();
    await idle;
    expect(runs).toHaveLength(1); // the earlier ones are done, not run on their own
    await worker.close();
  });

  it('runs events stored more than windowMs apart, other senders and other event types separately, in order', async () => {
    vi.useFakeTimers({ now: T0 });
    const inbox = createMemoryInbox();
    const { runs, handler } = recorder();
    const unknown: string[] = [];
    const all = createWebhookHandler({
      secret: SECRET,
      dedupe: false,
      onUnknown: (event, ctx) => void unknown.push(`${String(event.event_type)}:${ctx.coalesced.length}`),
    }).on('talk.message_created', (event, ctx) => handler.handleEvent(event, { coalesced: ctx.coalesced }));
    const webhook = createWebhookHandler({ secret: SECRET, inbox, dedupe: false });
    await deliverAt(webhook, 0, message(2, 'a1'));
    await deliverAt(webhook, 1001, message(2, 'a2')); // more than windowMs after a1
    await deliverAt(webhook, 1100, message(2, 'b1', 'user_bob')); // another sender
    await deliverAt(webhook, 1200, message(2, 'a3')); // alice again, but bob's message is between
    await deliverAt(webhook, 1300, {
      ...message(2, 'x'),
      event_type: 'talk.message_edited',
    } as unknown as WebhookEvent);
    await deliverAt(webhook, 1400, message(2, 'a4'));
    await deliverAt(webhook, 1500, message(2, 'a5'));
    vi.setSystemTime(T0 + 60_000); // the window of every one of them has closed: nothing waits
    const worker = inbox.worker({ handler: all, coalesce: { windowMs: 1000 } });
    await inbox.idle();
    expect(runs).toEqual([['>a1'], ['>a2'], ['>b1'], ['>a3'], ['a4', '>a5']]);
    expect(unknown).toEqual(['talk.message_edited:0']);
    await worker.close();
  });

  it('is off by default: every message runs on its own, at once, with an empty ctx.coalesced', async () => {
    vi.useFakeTimers({ now: T0 });
    const inbox = createMemoryInbox();
    const { runs, handler } = recorder();
    const webhook = createWebhookHandler({ secret: SECRET, inbox, dedupe: false });
    await deliverAt(webhook, 0, message(3, 'hey'));
    await deliverAt(webhook, 10, message(3, 'quick question'));
    await deliverAt(webhook, 20, message(3, '…'));
    const worker = inbox.worker({ handler });
    await inbox.idle(); // no timer advanced: nothing waited
    expect(runs).toEqual([['>hey'], ['>quick question'], ['>…']]);
    await worker.close();
  });

  it('takes at most max events in one run; a run of max does not wait', async () => {
    vi.useFakeTimers({ now: T0 });
    const inbox = createMemoryInbox();
    const { runs, handler } = recorder();
    const webhook = createWebhookHandler({ secret: SECRET, inbox, dedupe: false });
    for (let n = 1; n <= 5; n++) await deliverAt(webhook, n * 10, message(4, `m${n}`));
    const worker = inbox.worker({ handler, coalesce: { windowMs: 1000, max: 2 } });
    await vi.advanceTimersByTimeAsync(0);
    expect(runs).toEqual([
      ['m1', '>m2'],
      ['m3', '>m4'],
    ]); // m5 alone at the end of the lane: it waits for a partner
    await vi.advanceTimersByTimeAsync(1000);
    expect(runs).toHaveLength(3);
    expect(runs[2]).toEqual(['>m5']);
    await worker.close();
  });

  it('gives process() the earlier entries in job.coalesced, and a Bot its ctx.coalesced', async () => {
    vi.useFakeTimers({ now: T0 });
    const jobs: { id: string; coalesced: string[] }[] = [];
    const inbox = createMemoryInbox();
    const webhook = createWebhookHandler({ secret: SECRET, inbox, dedupe: false });
    const first = message(5, 'one');
    const second = message(5, 'two');
    await deliverAt(webhook, 0, first);
    await deliverAt(webhook, 100, second);
    vi.setSystemTime(T0 + 5000);
    const worker = inbox.worker({
      process: (job: InboxJob) => void jobs.push({ id: job.id, coalesced: job.coalesced.map((e) => e.id) }),
      coalesce: { windowMs: 1000 },
    });
    await inbox.idle();
    await worker.close();
    expect(jobs).toEqual([
      { id: `momotalk:${BOT_ID}:${second.event_id}`, coalesced: [`momotalk:${BOT_ID}:${first.event_id}`] },
    ]);

    const bot = new Bot({ secret: SECRET });
    const seen: string[] = [];
    bot.on('message:TEXT', (ctx) => {
      seen.push([...ctx.coalesced.map((e) => e.message.body), ctx.text].join('+'));
    });
    bot.webhook().on('talk.message_created', (event, ctx) => {
      seen.push(`handler:${ctx.coalesced.length}:${event.message.body}`);
    });
    const botInbox = createMemoryInbox();
    const botWebhook = createWebhookHandler({ secret: SECRET, inbox: botInbox, dedupe: false });
    await deliverAt(botWebhook, 6000, message(6, 'a'));
    await deliverAt(botWebhook, 6100, message(6, 'b'));
    vi.setSystemTime(T0 + 9000);
    const botWorker = botInbox.worker({ handler: bot, coalesce: { windowMs: 1000 } });
    await botInbox.idle();
    await botWorker.close();
    expect(seen).toEqual(['a+b']);
  });

  it('a failing group is retried as the same group (even when a partner arrived meanwhile), its confirmed send not repeated; nothing is lost', async () => {
    vi.useFakeTimers({ now: T0, toFake: ['Date'] });
    let posts = 0;
    api.use(
      http.post(`${BASE_URL}/bots/${BOT_ID}/messages`, () => {
        posts++;
        return HttpResponse.json({ message_id: `m${posts}` });
      }),
    );
    const client = new BotClient({
      botId: BOT_ID,
      token: 'mmt_token_for_tests_only',
      baseUrl: BASE_URL,
      retry: false,
    });
    const inbox = createMemoryInbox();
    const webhook = createWebhookHandler({ secret: SECRET, inbox, dedupe: false });
    const runs: string[] = [];
    let failures = 1;
    const handler = createWebhookHandler({ secret: SECRET, client, dedupe: false }).on(
      'talk.message_created',
      async (event, ctx) => {
        const sent = await ctx.reply(`got ${ctx.coalesced.length + 1}`);
        runs.push(
          `${[...ctx.coalesced.map((e) => e.message.body), event.message.body].join('+')}:${sent.headers.get(LEDGER_HEADER) ?? 'sent'}`,
        );
        if (failures-- > 0) {
          // A partner arrives while the group is failing: it must not join the group on the re-run.
          await deliverAt(webhook, 250, message(7, 'late'));
          vi.setSystemTime(T0 + 10_000);
          throw new Error('handler bug');
        }
      },
    );
    await deliverAt(webhook, 0, message(7, 'hey'));
    await deliverAt(webhook, 100, message(7, 'there'));
    vi.setSystemTime(T0 + 10_000);
    const errors: string[] = [];
    const worker = inbox.worker({
      handler,
      backoffMs: 1,
      coalesce: { windowMs: 1000 },
      onError: (_error, info) => void errors.push(`${info.phase}:${info.attempt}`),
    });
    await inbox.idle();
    await worker.close();
    expect(runs).toEqual(['hey+there:sent', 'hey+there:replayed', 'late:sent']);
    expect(errors).toEqual(['process:1']);
    expect(posts).toBe(2);
    expect(await inbox.listDeadLetters()).toEqual([]);
  });

  it('a 429 in a group pauses the room and re-runs the same group, not counted as a failed run', async () => {
    vi.useFakeTimers({ now: T0, toFake: ['Date'] });
    let posts = 0;
    api.use(
      http.post(`${BASE_URL}/bots/${BOT_ID}/messages`, () => {
        posts++;
        if (posts === 1) return new HttpResponse(null, { status: 429, headers: { 'retry-after': '0.01' } });
        return HttpResponse.json({ message_id: `m${posts}` });
      }),
    );
    const client = new BotClient({
      botId: BOT_ID,
      token: 'mmt_token_for_tests_only',
      baseUrl: BASE_URL,
      retry: false,
    });
    const inbox = createMemoryInbox();
    const webhook = createWebhookHandler({ secret: SECRET, inbox, dedupe: false });
    const runs: string[] = [];
    const handler = createWebhookHandler({ secret: SECRET, client, dedupe: false }).on(
      'talk.message_created',
      async (event, ctx) => {
        runs.push([...ctx.coalesced.map((e) => e.message.body), event.message.body].join('+'));
        await ctx.reply('ok');
      },
    );
    await deliverAt(webhook, 0, message(9, 'p'));
    await deliverAt(webhook, 100, message(9, 'q'));
    vi.setSystemTime(T0 + 10_000);
    const phases: string[] = [];
    const worker = inbox.worker({
      handler,
      maxAttempts: 1,
      coalesce: { windowMs: 1000 },
      onError: (_error, info) => void phases.push(info.phase),
    });
    // The pause is a real timer; move the fake Date past it so the paused room is started again.
    const moving = setInterval(() => vi.setSystemTime(Date.now() + 20), 5);
    await inbox.idle();
    clearInterval(moving);
    await worker.close();
    expect(runs).toEqual(['p+q', 'p+q']);
    expect(phases).toEqual(['rate-limit']);
    expect(posts).toBe(2);
    expect(await inbox.listDeadLetters()).toEqual([]); // maxAttempts 1, yet not dead: the 429 did not count
  });

  it('dead-letters every event of a group that failed maxAttempts times; each can be replayed', async () => {
    vi.useFakeTimers({ now: T0, toFake: ['Date'] });
    const inbox = createMemoryInbox();
    const webhook = createWebhookHandler({ secret: SECRET, inbox, dedupe: false });
    const runs: string[] = [];
    let healed = false;
    const handler = createWebhookHandler({ secret: SECRET, dedupe: false }).on(
      'talk.message_created',
      (event, ctx) => {
        runs.push([...ctx.coalesced.map((e) => e.message.body), event.message.body].join('+'));
        if (!healed) throw new TypeError('cannot handle');
      },
    );
    await deliverAt(webhook, 0, message(8, 'x'));
    await deliverAt(webhook, 100, message(8, 'y'));
    vi.setSystemTime(T0 + 10_000);
    const phases: string[] = [];
    const worker = inbox.worker({
      handler,
      maxAttempts: 2,
      backoffMs: 1,
      coalesce: { windowMs: 1000 },
      onError: (_error, info) => void phases.push(`${info.phase}:${info.attempt}`),
    });
    await inbox.idle();
    expect(runs).toEqual(['x+y', 'x+y']);
    expect(phases).toEqual(['process:1', 'dead-letter:2']);
    const letters = await inbox.listDeadLetters();
    expect(letters.map((letter) => [letter.attempts, letter.error])).toEqual([
      [2, 'TypeError: cannot handle'],
      [2, 'TypeError: cannot handle'],
    ]);
    healed = true;
    for (const letter of letters) expect(await inbox.replayDeadLetter(letter.id)).toBe(true);
    await inbox.idle();
    // The first replay starts the room before the second is back in it: each runs (nothing is lost).
    expect(runs.slice(2)).toEqual(['x', 'y']);
    await worker.close();
  });

  it('refuses a coalesce option that is not { windowMs 1..60000, max 1..100 }', () => {
    const { handler } = recorder();
    for (const coalesce of [
      {},
      { windowMs: 0 },
      { windowMs: 60_001 },
      { windowMs: 1.5 },
      { windowMs: 1000, max: 0 },
      { windowMs: 1000, max: 101 },
      null,
      1000,
    ]) {
      expect(() => createMemoryInbox().worker({ handler, coalesce: coalesce as never })).toThrow(
        /coalesce must be \{ windowMs, max\? \}/,
      );
    }
    expect(() =>
      createMemoryInbox().worker({ handler, coalesce: { windowMs: 60_000, max: 100 } }),
    ).not.toThrow();
  });
});

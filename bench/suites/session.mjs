// One update through a Bot (bot.handleEvent, no HTTP) with and without session(): what a session costs
// per update when the handler keeps a counter in it, against the same bot keeping the counter in a Map.
import { measureInterleaved } from '../lib/rounds.mjs';
import { sdkExport } from '../lib/sdk.mjs';

const ROOMS = 1000;

/** @param {{ quick: boolean }} options */
export async function run({ quick }) {
  const Bot = await sdkExport('', 'Bot');
  const session = await sdkExport('', 'session');
  const MemorySessionStorage = await sdkExport('', 'MemorySessionStorage');
  const rounds = quick ? 3 : 21;
  const sliceMs = quick ? 50 : 100;
  // Events of ROOMS rooms, in turn, so the storage holds many sessions (as a live bot's would).
  const events = Array.from({ length: ROOMS }, (_, room) => ({
    event_id: `evt_${room}`,
    event_type: 'talk.message_created',
    bot_id: 'bot_bench',
    timestamp: 1780833600,
    message: {
      room_id: room,
      message_id: room,
      sender_user_id: 'user_1',
      body: '+1',
      message_type: 'TEXT',
      created_at: 1780833600,
    },
  }));
  const missing = [Bot, session, MemorySessionStorage].find((value) => value instanceof Error);

  const bots = {};
  if (missing === undefined) {
    // The same bot without a session: the counter in a Map by room, as one would write it by hand.
    const counts = new Map();
    bots.bare = new Bot();
    bots.bare.on('message', (ctx) => {
      counts.set(ctx.roomId, (counts.get(ctx.roomId) ?? 0) + 1);
    });
    bots.counter = new Bot();
    bots.counter.use(session({ initial: () => ({ count: 0 }), storage: new MemorySessionStorage() }));
    bots.counter.on('message', async (ctx) => {
      (await ctx.session).count += 1;
    });
    // Calibration: the cheapest middleware that awaits next(), what any session() layer costs at least.
    bots.passthrough = new Bot();
    bots.passthrough.use(async (_ctx, next) => {
      await next();
    });
    bots.passthrough.on('message', (ctx) => {
      counts.set(ctx.roomId, (counts.get(ctx.roomId) ?? 0) + 1);
    });
    // Calibration: the cheapest middleware there is, what one more step of the chain costs.
    bots.minimal = new Bot();
    bots.minimal.use((_ctx, next) => next());
    bots.minimal.on('message', (ctx) => {
      counts.set(ctx.roomId, (counts.get(ctx.roomId) ?? 0) + 1);
    });
    bots.untouched = new Bot();
    bots.untouched.use(session({ initial: () => ({ count: 0 }), storage: new MemorySessionStorage() }));
    bots.untouched.on('message', (ctx) => {
      counts.set(ctx.roomId, (counts.get(ctx.roomId) ?? 0) + 1);
    });
  }
  const dispatch = (bot) => async (i) => {
    await bot.handleEvent(events[i % ROOMS]);
    return true;
  };

  const rows = [
    {
      id: 'bare',
      label: 'Bot without session (counter in a Map)',
      role: 'floor',
      fn: missing ?? dispatch(bots.bare),
    },
    {
      id: 'session-counter',
      label: 'Bot + session() on MemorySessionStorage, counter in the session',
      note: 'read (JSON.parse), compare, write (JSON.stringify) per update',
      role: 'sdk',
      fn: missing ?? dispatch(bots.counter),
    },
    {
      id: 'session-untouched',
      label: 'Bot + session(), handler never touches it',
      note: 'the lazy path: no read, no write',
      role: 'sdk',
      fn: missing ?? dispatch(bots.untouched),
    },
    {
      id: 'minimal',
      label: 'Bot + one middleware (ctx, next) => next()',
      note: 'calibration: one more step of the chain, doing nothing',
      role: 'peer',
      fn: missing ?? dispatch(bots.minimal),
    },
    {
      id: 'passthrough',
      label: 'Bot + one pass-through middleware (async, await next())',
      note: 'calibration: the least any middleware layer costs',
      role: 'peer',
      fn: missing ?? dispatch(bots.passthrough),
    },
  ];
  const runnable = rows.filter((row) => !(row.fn instanceof Error));
  const samples = await measureInterleaved(
    runnable.map((row) => ({ id: row.id, fn: row.fn, async: true })),
    { rounds, sliceMs },
  );
  return {
    id: 'session',
    title: 'Dispatch with a session',
    unit: 'ops/CPU-s',
    higherIsBetter: true,
    method:
      `In-process, ${rounds} interleaved rounds, ${sliceMs} ms of CPU time per contestant per round: ` +
      `bot.handleEvent of talk.message_created events for ${ROOMS} rooms in turn, one at a time, no HTTP ` +
      'and no Bot API call. The floor keeps the same counter in a Map.',
    groups: [
      {
        id: 'dispatch',
        title: 'One update, memory storage',
        floor: 'bare',
        primary: 'session-counter',
        rows: rows.map(({ fn, ...row }) =>
          fn instanceof Error ? { ...row, error: fn.message } : { ...row, samples: samples.get(row.id) },
        ),
      },
    ],
  };
}

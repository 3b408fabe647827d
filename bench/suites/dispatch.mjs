// In-process dispatch of one message through a bot with three middlewares, twenty commands and one
// `hears` (bench/lib/bot-fixture.mjs): the SDK's Bot.handleEvent vs grammY's and Telegraf's handleUpdate,
// configured the same way (botInfo given, so nothing touches the network), on updates of equal JSON size.
import { Bot as GrammyBot } from 'grammy';
import { Telegraf } from 'telegraf';
import {
  buildGrammyBot,
  buildSdkBot,
  buildTelegrafBot,
  counters,
  equalUpdates,
  TEXTS,
} from '../lib/bot-fixture.mjs';
import { measureInterleaved } from '../lib/rounds.mjs';
import { sdkExport } from '../lib/sdk.mjs';

/** @param {{ quick: boolean }} options */
export async function run({ quick }) {
  const Bot = await sdkExport('', 'Bot');
  const rounds = quick ? 3 : 15;
  const sliceMs = quick ? 50 : 100;
  const sdk = Bot instanceof Error ? Bot : buildSdkBot(Bot);
  const grammy = buildGrammyBot(GrammyBot);
  const telegraf = buildTelegrafBot(Telegraf);

  const groups = [];
  for (const [kind, text] of Object.entries(TEXTS)) {
    const { event, update, bytes } = equalUpdates(text);
    // Each operation must reach the handler of its kind once, after the three middlewares.
    const reached = (dispatch) => async () => {
      const before = counters[kind];
      const middlewares = counters.middleware;
      await dispatch();
      return counters[kind] === before + 1 && counters.middleware === middlewares + 3;
    };
    const rows = [
      {
        id: 'sdk',
        label: 'Bot.handleEvent',
        role: 'sdk',
        fn: sdk instanceof Error ? sdk : reached(() => sdk.handleEvent(event)),
      },
      {
        id: 'grammy',
        label: 'grammY Bot.handleUpdate',
        role: 'peer',
        fn: reached(() => grammy.handleUpdate(update)),
      },
      {
        id: 'telegraf',
        label: 'Telegraf handleUpdate',
        role: 'peer',
        fn: reached(() => telegraf.handleUpdate(update)),
      },
    ];
    const runnable = rows.filter((row) => !(row.fn instanceof Error));
    const samples = await measureInterleaved(
      runnable.map((row) => ({ id: row.id, fn: row.fn, async: true })),
      { rounds, sliceMs },
    );
    groups.push({
      id: kind,
      title:
        kind === 'command'
          ? `"${text}": the 20th command, with an argument (${bytes} B update)`
          : `"${text}": no command matches, the hears does (${bytes} B update)`,
      primary: 'sdk',
      rows: rows.map(({ fn, ...row }) =>
        fn instanceof Error ? { ...row, error: fn.message } : { ...row, samples: samples.get(row.id) },
      ),
    });
  }
  return {
    id: 'dispatch',
    title: 'Bot layer: dispatch of one message, in-process',
    unit: 'ops/CPU-s',
    higherIsBetter: true,
    method:
      `In-process, ${rounds} interleaved rounds, ${sliceMs} ms of CPU time per contestant per round. Each bot has ` +
      'three middlewares (each calls next), twenty commands and one hears with a Korean pattern, registered in ' +
      'that order; handlers only count, and every operation is checked to reach its handler after the three ' +
      'middlewares. grammY and Telegraf get botInfo, so nothing touches the network. The MoMoTalk event and ' +
      'the Telegram update are already parsed objects of equal JSON size (a padding field): Bot.handleEvent, like ' +
      'handleUpdate, neither verifies nor deduplicates (the webhook does), so the same update can repeat.',
    groups,
  };
}

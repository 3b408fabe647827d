// The bot every bot-layer benchmark builds, the same way in each framework: three middlewares, twenty
// commands, one `hears`, in that order; every handler only counts. The updates are one message each, of
// equal JSON size in every framework (padded with a field the routing does not read).
import { BOT_ID, SECRET } from './fixtures.mjs';

/** Twenty command names a real bot might have; the benchmarked command is the last one. */
export const COMMANDS = [
  'start',
  'help',
  'settings',
  'lang',
  'profile',
  'subscribe',
  'unsubscribe',
  'status',
  'stats',
  'top',
  'search',
  'remind',
  'cancel',
  'feedback',
  'about',
  'ping',
  'weather',
  'news',
  'roll',
  'echo',
];

/** The `hears` trigger, a Korean order number. */
export const HEARS = /^주문\s+(\d+)$/;

/** The two messages: the last command with an argument, and text only the `hears` matches. */
export const TEXTS = { command: '/echo hello there', hears: '주문 42' };

/** How many times handlers ran, by kind: the suites check that each update reached the right one. */
export const counters = { middleware: 0, command: 0, hears: 0 };

const countMiddleware = (_ctx, next) => {
  counters.middleware++;
  return next();
};
const countCommand = () => {
  counters.command++;
};
const countHears = () => {
  counters.hears++;
};

/** The fixture on the SDK's `Bot`. */
export function buildSdkBot(Bot, options = {}) {
  const bot = new Bot({ secret: SECRET, botId: BOT_ID, ...options });
  bot.use(countMiddleware, countMiddleware, countMiddleware);
  for (const name of COMMANDS) bot.command(name, countCommand);
  bot.hears(HEARS, countHears);
  return bot;
}

/** The fixture on grammY, with `botInfo` so nothing touches the network. */
export function buildGrammyBot(Bot) {
  const bot = new Bot('123456:bench-token', { botInfo: TELEGRAM_BOT_INFO });
  bot.use(countMiddleware, countMiddleware, countMiddleware);
  for (const name of COMMANDS) bot.command(name, countCommand);
  bot.hears(HEARS, countHears);
  return bot;
}

/** The fixture on Telegraf, with `botInfo` so nothing touches the network. */
export function buildTelegrafBot(Telegraf) {
  const bot = new Telegraf('123456:bench-token');
  bot.botInfo = TELEGRAM_BOT_INFO;
  bot.use(countMiddleware, countMiddleware, countMiddleware);
  for (const name of COMMANDS) bot.command(name, countCommand);
  bot.hears(HEARS, countHears);
  return bot;
}

const TELEGRAM_BOT_INFO = {
  id: 123456,
  is_bot: true,
  first_name: 'Bench',
  username: 'bench_bot',
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
  can_connect_to_business: false,
  has_main_web_app: false,
};

/** A MoMoTalk `talk.message_created` event with `text`, as the platform sends it. */
export function momotalkEvent(text, n = 1) {
  return {
    event_id: `evt_${String(n).padStart(16, '0')}`,
    event_type: 'talk.message_created',
    bot_id: BOT_ID,
    timestamp: 1780833600,
    message: {
      room_id: 123,
      message_id: 456,
      sender_user_id: 'user_bench',
      body: text,
      message_type: 'TEXT',
      created_at: 1780833600,
    },
  };
}

/** A Telegram message update with `text` (a `bot_command` entity when it starts with `/`). */
export function telegramUpdate(text, n = 1) {
  const command = /^\/\w+/.exec(text);
  return {
    update_id: n,
    message: {
      message_id: 456,
      from: { id: 42, is_bot: false, first_name: 'Bench' },
      chat: { id: 123, type: 'private', first_name: 'Bench' },
      date: 1780833600,
      text,
      ...(command ? { entities: [{ type: 'bot_command', offset: 0, length: command[0].length }] } : {}),
    },
  };
}

/**
 * The MoMoTalk event and the Telegram update for `text`, both padded (a `padding` field the routing does
 * not read) to the same JSON length, so neither framework gets a smaller payload.
 */
export function equalUpdates(text) {
  const event = momotalkEvent(text);
  const update = telegramUpdate(text);
  const size = (value) => Buffer.byteLength(JSON.stringify(value));
  const field = ',"padding":""'.length;
  const target = Math.max(size(event), size(update)) + field;
  for (const value of [event, update]) value.padding = 'x'.repeat(target - size(value) - field);
  if (size(event) !== size(update)) throw new Error('bench fixture: updates of unequal size');
  return { event, update, bytes: size(event) };
}

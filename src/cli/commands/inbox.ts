import { createBullMQInbox } from '../../inbox/bullmq-inbox.js';
import { positiveInteger, redactUrl } from '../cli-config.js';
import { CliUsageError } from '../cli-usage-error.js';
import type { CliCommand, CliValues } from '../command.js';

/**
 * `momotalk-bot inbox dead-letters | replay <id>`: lists the dead letters of a BullMQ inbox, or puts one
 * back at the end of its room's lane. Needs the `bullmq` package next to the SDK.
 *
 * @example
 * ```ts
 * const code = await inboxCommand.run({ 'redis-url': 'redis://127.0.0.1:6379' }, ['dead-letters'], io);
 * ```
 */
export const inboxCommand: CliCommand = {
  name: 'inbox',
  summary: 'List and replay the dead letters of the durable inbox (BullMQ)',
  usage: 'momotalk-bot inbox dead-letters | replay <entry-id> [--redis-url <url>] [--queue <name>]',
  help: `Dead letters are events that failed maxAttempts runs in the inbox workers (docs/scaling.md).

  dead-letters        lists them, oldest first: id, room lane, attempts, when, the last error
  replay <entry-id>   appends one to the end of its room's lane again, with its attempts reset

Options:
  --redis-url <url>   the Redis of the inbox (default: $REDIS_URL, else redis://127.0.0.1:6379)
  --queue <name>      the inbox's queue name (default: momotalk-inbox)
  --prefix <prefix>   the BullMQ key prefix (default: bull)
  --limit <n>         dead-letters: at most n (default: 100)
  --json              dead-letters: one JSON object per line, with the payload

Examples:
  momotalk-bot inbox dead-letters --redis-url redis://127.0.0.1:6379
  momotalk-bot inbox replay momotalk:bot_1:evt_123`,
  options: {
    'redis-url': { type: 'string' },
    queue: { type: 'string' },
    prefix: { type: 'string' },
    limit: { type: 'string' },
    json: { type: 'boolean' },
  },
  async run(values, positionals, io) {
    const [action, id, ...extra] = positionals;
    if ((action !== 'dead-letters' && action !== 'replay') || extra.length > 0) {
      throw new CliUsageError(
        'Say what to do: momotalk-bot inbox dead-letters, or momotalk-bot inbox replay <entry-id>.',
      );
    }
    if (action === 'replay' && (id === undefined || id === '')) {
      throw new CliUsageError(
        'Missing the entry id: momotalk-bot inbox replay <entry-id> (see inbox dead-letters).',
      );
    }
    if (action === 'dead-letters' && id !== undefined) {
      throw new CliUsageError('inbox dead-letters takes no argument.');
    }
    const inbox = createBullMQInbox({
      connection: {
        ...connectionOf(values, io.env.REDIS_URL),
        enableOfflineQueue: false,
        maxRetriesPerRequest: 1,
      },
      ...(typeof values.queue === 'string' ? { name: values.queue } : {}),
      ...(typeof values.prefix === 'string' ? { prefix: values.prefix } : {}),
    });
    try {
      if (action === 'replay') {
        if (await inbox.replayDeadLetter(id as string)) {
          io.out(`replayed ${id}`);
          return 0;
        }
        io.err(`${id} is not a dead letter of ${inbox.name} (already replayed, or a wrong id or --queue).`);
        return 1;
      }
      const letters = await inbox.listDeadLetters(positiveInteger(values, 'limit') ?? 100);
      for (const letter of letters) {
        if (values.json === true) io.out(JSON.stringify(letter));
        else {
          const when = new Date(letter.deadAt).toISOString();
          io.out(`${letter.id}\t${letter.lane}\t${letter.attempts} attempts\t${when}\t${letter.error}`);
        }
      }
      if (values.json !== true) io.err(`${letters.length} dead letter(s) in ${inbox.name}`);
      return 0;
    } finally {
      await inbox.close();
    }
  },
};

/** ioredis options from a redis:// or rediss:// URL; the error echoes it without its password. */
function connectionOf(values: CliValues, fromEnv: string | undefined) {
  const raw =
    typeof values['redis-url'] === 'string' ? values['redis-url'] : (fromEnv ?? 'redis://127.0.0.1:6379');
  const url = URL.canParse(raw) ? new URL(raw) : undefined;
  if (url === undefined || !/^rediss?:$/.test(url.protocol)) {
    throw new CliUsageError(
      `--redis-url must be a redis:// or rediss:// URL (got ${JSON.stringify(redactUrl(raw))}).`,
    );
  }
  const db = url.pathname.length > 1 ? Number(url.pathname.slice(1)) : 0;
  return {
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port === '' ? 6379 : Number(url.port),
    db: Number.isSafeInteger(db) ? db : 0,
    ...(url.username === '' ? {} : { username: decodeURIComponent(url.username) }),
    ...(url.password === '' ? {} : { password: decodeURIComponent(url.password) }),
    ...(url.protocol === 'rediss:' ? { tls: {} } : {}),
  };
}

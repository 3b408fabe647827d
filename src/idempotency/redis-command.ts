/**
 * An `ioredis` client (`new Redis()`, also `Cluster`), described structurally so this package never
 * imports ioredis: only its generic `call` is used.
 *
 * @example
 * ```ts
 * import Redis from 'ioredis';
 *
 * const client: IoRedisLike = new Redis(process.env.REDIS_URL!);
 * ```
 */
export interface IoRedisLike {
  /** ioredis' generic command call: `call('SET', key, value, 'NX')`. */
  call(command: string, ...args: Array<string | number>): Promise<unknown>;
}

/**
 * A node-redis (`redis` v4 and later) client from `createClient()`, described structurally so this
 * package never imports redis: only its generic `sendCommand` is used.
 *
 * @example
 * ```ts
 * import { createClient } from 'redis';
 *
 * const client: NodeRedisLike = await createClient({ url: process.env.REDIS_URL }).connect();
 * ```
 */
export interface NodeRedisLike {
  /** node-redis' generic command call: `sendCommand(['SET', key, value, 'NX'])`. */
  sendCommand(args: string[]): Promise<unknown>;
}

/**
 * A connected Redis client of either popular package.
 *
 * @example
 * ```ts
 * const client: RedisClientLike = new Redis(); // or: await createClient().connect()
 * ```
 */
export type RedisClientLike = IoRedisLike | NodeRedisLike;

/** @internal Runs one command on either client as an array of strings. */
export type RedisCommand = (args: string[]) => Promise<unknown>;

/**
 * @internal Adapts either client to one `command(args)` function. ioredis also has a `sendCommand`, but
 * it takes a `Command` object, so `call` is preferred whenever it exists.
 */
export function toRedisCommand(client: RedisClientLike, caller: string): RedisCommand {
  if (typeof client === 'object' && client !== null) {
    if (typeof (client as IoRedisLike).call === 'function') {
      const io = client as IoRedisLike;
      return ([command, ...args]) => io.call(command as string, ...args);
    }
    if (typeof (client as NodeRedisLike).sendCommand === 'function') {
      const node = client as NodeRedisLike;
      return (args) => node.sendCommand(args);
    }
  }
  throw new TypeError(
    `[momotalk-bot-sdk] ${caller}: client must be a connected ioredis client (new Redis()) or a node-redis ` +
      'client (await createClient().connect()).',
  );
}

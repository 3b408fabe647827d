import type { RedisCommand } from './redis-command.js';

/** @internal Value prefix of a claim in progress: `p:<token>`. */
export const PENDING = 'p:';
/** @internal Value prefix of a processed key: `d:<token>`. */
export const DONE = 'd:';

/** @internal A Lua script and the SHA-1 of its source, as `SCRIPT LOAD` would answer. */
export interface LuaScript {
  readonly source: string;
  /** Precomputed, so the store needs no hashing at run time; a test checks it against the source. */
  readonly sha1: string;
}

/** @internal KEYS[1] key, ARGV[1] token, ARGV[2] ttl ms: mark done only while our claim still holds the key. */
export const COMPLETE_SCRIPT: LuaScript = {
  source: `if redis.call('GET', KEYS[1]) == '${PENDING}' .. ARGV[1] then
  return redis.call('SET', KEYS[1], '${DONE}' .. ARGV[1], 'PX', ARGV[2])
end
return nil`,
  sha1: '9724e0b984f58479ae0e624bb0f60de9092a9d66',
};

/** @internal KEYS[1] key, ARGV[1] token: delete only while our claim still holds the key. */
export const RELEASE_SCRIPT: LuaScript = {
  source: `if redis.call('GET', KEYS[1]) == '${PENDING}' .. ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0`,
  sha1: '9dc3b8e9ebf9be086a5007035c5a052ec8a4db7d',
};

/**
 * @internal Runs a one-key script by its SHA-1 (`EVALSHA`: the script's text is not sent each time). When
 * the server does not have it cached (`NOSCRIPT`: after a restart, `SCRIPT FLUSH` or a failover), runs it
 * with `EVAL`, which also caches it again. Works the same on ioredis and node-redis: both reject with an
 * error whose message starts with the Redis error code.
 */
export async function runScript(
  command: RedisCommand,
  script: LuaScript,
  key: string,
  args: readonly string[],
): Promise<unknown> {
  try {
    return await command(['EVALSHA', script.sha1, '1', key, ...args]);
  } catch (error) {
    if (!isNoScriptError(error)) throw error;
    return command(['EVAL', script.source, '1', key, ...args]);
  }
}

function isNoScriptError(error: unknown): boolean {
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === 'string' && message.startsWith('NOSCRIPT');
}

import type { LuaScript } from '../../idempotency/redis-scripts.js';

// A session is one Redis string, `<version>|<data>`: one GET reads both, and SET … PX sets or (without
// PX) clears the TTL in the same command. Versions are UUIDs, so the first `|` ends the version. A value
// without `|` (not written by this storage) reads as version = the whole value, data '' (so the session
// middleware resets it), and the scripts accept that exact value as its version.

/**
 * @internal KEYS[1] key, ARGV[1] expected version ('' = must not exist), ARGV[2] new version, ARGV[3]
 * data, ARGV[4] ttl ms ('' = none): 1 when written, 0 on a version conflict.
 */
export const WRITE_SESSION_SCRIPT: LuaScript = {
  source: `local current = redis.call('GET', KEYS[1])
if ARGV[1] == '' then
  if current then return 0 end
elseif current ~= ARGV[1] and string.sub(current or '', 1, #ARGV[1] + 1) ~= ARGV[1] .. '|' then
  return 0
end
if ARGV[4] == '' then
  redis.call('SET', KEYS[1], ARGV[2] .. '|' .. ARGV[3])
else
  redis.call('SET', KEYS[1], ARGV[2] .. '|' .. ARGV[3], 'PX', ARGV[4])
end
return 1`,
  sha1: '24219569dbaf4f5779b1aace37dad39624ee8b87',
};

/**
 * @internal KEYS[1] key, ARGV[1] expected version ('' = must not exist): 1 when deleted (or absent as
 * expected), 0 on a version conflict.
 */
export const DELETE_SESSION_SCRIPT: LuaScript = {
  source: `local current = redis.call('GET', KEYS[1])
if ARGV[1] == '' then
  if current then return 0 end
  return 1
end
if current ~= ARGV[1] and string.sub(current or '', 1, #ARGV[1] + 1) ~= ARGV[1] .. '|' then return 0 end
redis.call('DEL', KEYS[1])
return 1`,
  sha1: 'f952dc817295fb35c738887b11aa5a3c35d6cc75',
};

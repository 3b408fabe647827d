/**
 * @internal The inbox's own Redis structures, each changed only by one of these Lua scripts (atomic on the
 * server, so a process killed between two calls leaves every key consistent). Per inbox, under the
 * queue's key prefix (`<prefix>:<queue>:`):
 *
 * - `e:<id>` hash: one entry (`lane`, `payload`, `attempts` = runs started, `at` = enqueue time; a dead
 *   letter adds `error`, `deadAt`; once processed, only `done`, for `retainMs`). Its existence is the
 *   "already enqueued" test.
 * - `l:<lane>` list: the lane's entry ids in enqueue order. The head is removed only after it was
 *   processed (`ACK`) or dead-lettered (`BURY`), and only if it is still the head: a stale worker cannot
 *   remove someone else's entry.
 * - `lanes` set: lanes that may hold entries; the worker's sweep schedules a lane job for each, so an
 *   entry whose lane job was never added (the webhook died between two calls) is still run.
 * - `dead` sorted set: dead-lettered ids by time.
 * - `s:<id>` hash: the send ledger of one entry (reply index → `p` pending, or `d:<json>` done); kept
 *   `retainMs` after the entry was processed.
 *
 * BullMQ has none of these (an ordered index per room, written together with the entry); it keeps
 * everything else: which lane runs where (one lane job per room, deduplicated), locks and stall recovery,
 * delays, the shared rate limit.
 */

/**
 * KEYS: entry, lane list, lanes set. ARGV: id, lane, payload. Stamps the entry with Redis's clock (`at`). 2 when stored first in an empty lane
 * (the caller adds the lane job), 1 when stored behind others (their lane job will reach it), 0 when the
 * id is known (the caller adds the lane job anyway: the first attempt may have died before adding it).
 */
export const ENQUEUE = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
local time = redis.call('TIME')
local at = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
redis.call('HSET', KEYS[1], 'lane', ARGV[2], 'payload', ARGV[3], 'attempts', 0, 'at', at)
local length = redis.call('RPUSH', KEYS[2], ARGV[1])
redis.call('SADD', KEYS[3], ARGV[2])
if length == 1 then return 2 end
return 1`;

/**
 * KEYS: lane list, lanes set. ARGV: lane, entry key prefix. The head entry with its run counted
 * (`{id, payload, attempts, at}`), or nil when the lane is empty (and then forgotten by the sweep). An id
 * whose entry hash is gone is dropped.
 */
export const HEAD = `
while true do
  local id = redis.call('LINDEX', KEYS[1], 0)
  if not id then
    redis.call('SREM', KEYS[2], ARGV[1])
    return nil
  end
  local key = ARGV[2] .. id
  local payload = redis.call('HGET', key, 'payload')
  if payload then
    local attempts = redis.call('HINCRBY', key, 'attempts', 1)
    return {id, payload, attempts, redis.call('HGET', key, 'at')}
  end
  redis.call('LPOP', KEYS[1])
end`;

/**
 * KEYS: lane list, entry, ledger. ARGV: id, retainMs. Removes a processed head entry from its lane and
 * leaves a tombstone (`done`) and its ledger for `retainMs`: a redelivery of an event whose enqueue was
 * answered 503 after all (Redis died between the two calls) is not stored again, and a second run of the
 * same entry (a worker that lost its lock) finds its sends already recorded.
 */
export const ACK = `
if redis.call('LINDEX', KEYS[1], 0) == ARGV[1] then redis.call('LPOP', KEYS[1]) end
redis.call('DEL', KEYS[2])
redis.call('HSET', KEYS[2], 'done', 1)
redis.call('PEXPIRE', KEYS[2], ARGV[2])
redis.call('PEXPIRE', KEYS[3], ARGV[2])
return 1`;

/** KEYS: entry. Gives back a run that did not count (rate limited: the handler did not fail). */
export const UNCOUNT = `
if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('HINCRBY', KEYS[1], 'attempts', -1) end
return 1`;

/** KEYS: lane list, entry, dead set. ARGV: id, error, now. Moves the head entry to the dead letters. */
export const BURY = `
if redis.call('LINDEX', KEYS[1], 0) ~= ARGV[1] then return 0 end
redis.call('LPOP', KEYS[1])
redis.call('HSET', KEYS[2], 'error', ARGV[2], 'deadAt', ARGV[3])
redis.call('ZADD', KEYS[3], ARGV[3], ARGV[1])
return 1`;

/**
 * KEYS: dead set, entry, lanes set, lane list prefix. ARGV: id. Appends a dead letter to its lane again with
 * its runs reset; returns the lane, or nil when `id` is not a dead letter.
 */
export const REPLAY = `
if redis.call('ZREM', KEYS[1], ARGV[1]) == 0 then return nil end
local lane = redis.call('HGET', KEYS[2], 'lane')
if not lane then return nil end
redis.call('HSET', KEYS[2], 'attempts', 0)
redis.call('HDEL', KEYS[2], 'error', 'deadAt')
redis.call('RPUSH', KEYS[4] .. lane, ARGV[1])
redis.call('SADD', KEYS[3], lane)
return lane`;

/**
 * KEYS: ledger. ARGV: index. Starts one send: `new` (now pending), `pending` (an earlier run's send whose
 * outcome is unknown) or the recorded `d:<json>` of a confirmed one.
 */
export const SEND_BEGIN = `
local state = redis.call('HGET', KEYS[1], ARGV[1])
if state then
  if state == 'p' then return 'pending' end
  return state
end
redis.call('HSET', KEYS[1], ARGV[1], 'p')
return 'new'`;

/**
 * Coalescing only. KEYS: lane list, lanes set. ARGV: lane, entry key prefix, count. Like `HEAD` (the
 * head with its run counted, or nil), followed by the group size an earlier run fixed on the head (or
 * nil), Redis's time now (ms: the clock `ENQUEUE` stamped the entries with, so no host's clock skews the
 * window) and the id, payload and enqueue time of the entries behind it: `count` entries in all, at least
 * the fixed group. A vanished entry behind the head comes with a nil payload.
 */
export const WINDOW = `
while true do
  local id = redis.call('LINDEX', KEYS[1], 0)
  if not id then
    redis.call('SREM', KEYS[2], ARGV[1])
    return nil
  end
  local key = ARGV[2] .. id
  local payload = redis.call('HGET', key, 'payload')
  if payload then
    local attempts = redis.call('HINCRBY', key, 'attempts', 1)
    local group = redis.call('HGET', key, 'group')
    local count = tonumber(ARGV[3])
    if group and tonumber(group) > count then count = tonumber(group) end
    local time = redis.call('TIME')
    local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
    local rows = {id, payload, attempts, redis.call('HGET', key, 'at'), group, now}
    for _, next in ipairs(redis.call('LRANGE', KEYS[1], 1, count - 1)) do
      local fields = redis.call('HMGET', ARGV[2] .. next, 'payload', 'at')
      rows[#rows + 1] = next
      rows[#rows + 1] = fields[1]
      rows[#rows + 1] = fields[2]
    end
    return rows
  end
  redis.call('LPOP', KEYS[1])
end`;

/**
 * KEYS: entry. ARGV: size. Records the group a coalesced run of this head covers, unless one is recorded
 * already (a re-run, or another worker after a lost lock): returns the size that stands.
 */
export const FIX_GROUP = `
if redis.call('EXISTS', KEYS[1]) == 0 then return tonumber(ARGV[1]) end
local fixed = redis.call('HGET', KEYS[1], 'group')
if fixed then return tonumber(fixed) end
redis.call('HSET', KEYS[1], 'group', ARGV[1])
return tonumber(ARGV[1])`;

/**
 * KEYS: lane list, the latest entry's ledger. ARGV: retainMs, entry key prefix, ids (the group, in
 * order). `ACK` for every entry of a coalesced group at once, so none is left to run on its own.
 */
export const ACK_GROUP = `
for i = 3, #ARGV do
  local id = ARGV[i]
  if redis.call('LINDEX', KEYS[1], 0) == id then redis.call('LPOP', KEYS[1]) end
  local key = ARGV[2] .. id
  redis.call('DEL', key)
  redis.call('HSET', key, 'done', 1)
  redis.call('PEXPIRE', key, ARGV[1])
end
redis.call('PEXPIRE', KEYS[2], ARGV[1])
return 1`;

/**
 * KEYS: lane list, dead set. ARGV: error, now, entry key prefix, ids (the group, in order). `BURY` for
 * every entry of a coalesced group at once, each with the head's runs and without the group mark (a
 * replay runs it afresh); ranked in lane order among dead letters of the same millisecond.
 */
export const BURY_GROUP = `
if redis.call('LINDEX', KEYS[1], 0) ~= ARGV[4] then return 0 end
local attempts = redis.call('HGET', ARGV[3] .. ARGV[4], 'attempts')
for i = 4, #ARGV do
  local id = ARGV[i]
  if redis.call('LINDEX', KEYS[1], 0) ~= id then break end
  redis.call('LPOP', KEYS[1])
  local key = ARGV[3] .. id
  redis.call('HSET', key, 'error', ARGV[1], 'deadAt', ARGV[2], 'attempts', attempts)
  redis.call('HDEL', key, 'group')
  redis.call('ZADD', KEYS[2], string.format('%.3f', tonumber(ARGV[2]) + (i - 4) / 1000), id)
end
return 1`;

/**
 * KEYS: lanes set. ARGV: lane list key prefix, entry key prefix, most lanes read. `{depth, oldest, now}`:
 * the entries stored in every lane (a head being run included), the enqueue time of the oldest lane head
 * (-1 when none) and Redis's time. Read only, run when metrics are collected, and bounded: past `most`
 * lanes (a backlog of many rooms), a random sample of `most` is read and the depth scaled from it, so a
 * scrape never blocks Redis for long (the oldest age is then the sample's).
 */
export const DEPTH = `
local depth = 0
local oldest = -1
local most = tonumber(ARGV[3])
local count = redis.call('SCARD', KEYS[1])
local lanes
if count > most then lanes = redis.call('SRANDMEMBER', KEYS[1], most) else lanes = redis.call('SMEMBERS', KEYS[1]) end
for _, lane in ipairs(lanes) do
  local list = ARGV[1] .. lane
  local length = redis.call('LLEN', list)
  if length > 0 then
    depth = depth + length
    local at = tonumber(redis.call('HGET', ARGV[2] .. redis.call('LINDEX', list, 0), 'at'))
    if at and (oldest < 0 or at < oldest) then oldest = at end
  end
end
if count > #lanes and #lanes > 0 then depth = math.floor(depth * count / #lanes) end
local time = redis.call('TIME')
return {depth, oldest, tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)}`;

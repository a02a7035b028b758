-- Sets or removes one entry of a map channel, appends the change to its stream and publishes it, in one step,
-- in centrifuge's map layout: state hash key -> "<offset>:<epoch>:<Publication>", expiry zset key -> ms,
-- meta hash e/s, stream entries <offset> with e and d, state meta hash epoch/updated_at, and the channel in the
-- cleanup zset at its earliest expiry.
-- KEYS: stream, meta, state, state expire, state meta, cleanup channels.
-- ARGV: key, Publication, stream size, stream ttl ms, PUB/SUB channel, epoch for a new meta, publish command,
-- "1" to remove, key ttl ms, channel, now ms, "1" to publish with the key's previous value, "1" without a stream,
-- meta ttl ms, expiry score a removal must still find ("" for any).
local stream, meta, state, expire, state_meta, cleanup = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6]
local key, payload, channel = ARGV[1], ARGV[2], ARGV[10]
local removing, streamless = ARGV[8] == "1", ARGV[13] == "1"
local key_ttl, now, meta_ttl = tonumber(ARGV[9]), tonumber(ARGV[11]), tonumber(ARGV[14])

local epoch, offset = ARGV[6], 0
if not streamless then
  local known = redis.call("hget", meta, "e")
  if known then epoch = known else redis.call("hset", meta, "e", epoch) end
  -- entries written under another epoch (the meta hash was lost) do not belong to this one
  if redis.call("hlen", state) > 0 and redis.call("hget", state_meta, "epoch") ~= epoch then
    redis.call("del", state, expire, state_meta)
    redis.call("zrem", cleanup, channel)
  end
end

local function top()
  if streamless then return 0 end
  return tonumber(redis.call("hget", meta, "s") or "0")
end

if removing then
  if redis.call("hexists", state, key) == 0 then return { top(), epoch, "key_not_found" } end
  if ARGV[15] ~= "" and redis.call("zscore", expire, key) ~= ARGV[15] then
    return { top(), epoch, "refreshed" } -- kept alive since the expiry round read it
  end
end

if not streamless then
  offset = redis.call("hincrby", meta, "s", 1)
  if meta_ttl > 0 then redis.call("pexpire", meta, meta_ttl) end
end

local previous = false
if removing then
  redis.call("hdel", state, key)
  redis.call("zrem", expire, key)
  local first = redis.call("zrange", expire, 0, 0, "WITHSCORES")
  if #first == 0 then redis.call("zrem", cleanup, channel) else redis.call("zadd", cleanup, first[2], channel) end
else
  if ARGV[12] == "1" then previous = redis.call("hget", state, key) end
  redis.call("hset", state, key, offset .. ":" .. epoch .. ":" .. payload)
  if key_ttl > 0 then
    local at = now + key_ttl
    redis.call("zadd", expire, at, key)
    local scheduled = redis.call("zscore", cleanup, channel)
    if not scheduled or tonumber(scheduled) > at then redis.call("zadd", cleanup, at, channel) end
  end
  if not streamless then redis.call("hset", state_meta, "epoch", epoch, "updated_at", tostring(now)) end
end
if meta_ttl > 0 then
  redis.call("pexpire", state, meta_ttl)
  redis.call("pexpire", expire, meta_ttl)
  if not streamless then redis.call("pexpire", state_meta, meta_ttl) end
end

if not streamless then
  if offset == 1 then redis.call("del", stream) end
  redis.call("xadd", stream, "MAXLEN", "~", ARGV[3], offset, "e", epoch, "d", payload)
  if tonumber(ARGV[4]) > 0 then redis.call("pexpire", stream, ARGV[4]) end
end

if ARGV[7] ~= "" then
  local message
  if previous then
    message = "d:" .. offset .. ":" .. epoch .. ":" .. #previous .. ":" .. previous .. ":" .. #payload .. ":" .. payload
  else
    message = offset .. ":" .. epoch .. ":" .. payload
  end
  redis.call(ARGV[7], ARGV[5], message)
end
return { offset, epoch, "" }

-- Appends a publication to a channel's stream and publishes it, atomically, so offsets and delivery agree.
-- KEYS: stream, meta. ARGV: payload, size, ttl ms, meta ttl ms, epoch for a new stream, PUB/SUB channel,
-- "1" to hand the previous publication along (delta), publish command (publish or spublish).
local stream, meta = KEYS[1], KEYS[2]
local payload, size, ttl, meta_ttl = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local epoch = redis.call("hget", meta, "e")
if not epoch then
  epoch = ARGV[5]
  redis.call("hset", meta, "e", epoch)
end
local offset = redis.call("hincrby", meta, "s", 1)
if meta_ttl > 0 and redis.call("pttl", meta) < meta_ttl then
  redis.call("pexpire", meta, meta_ttl)
end
local previous = nil
if ARGV[7] == "1" and offset > 1 then
  local last = redis.call("xrevrange", stream, "+", "-", "COUNT", 1)
  if #last > 0 then previous = last[1][2][2] end
end
if offset == 1 then
  -- a new epoch (or the meta hash was lost): entries of an older life must not mix with this one
  redis.call("del", stream)
end
redis.call("xadd", stream, "MAXLEN", size, offset .. "-0", "d", payload)
redis.call("pexpire", stream, ttl)
local message
if ARGV[7] == "1" then
  local prev = previous or ""
  message = "__d1:" .. offset .. ":" .. epoch .. ":" .. #prev .. ":" .. prev .. ":" .. #payload .. ":" .. payload
else
  message = "__p1:" .. offset .. ":" .. epoch .. "__" .. payload
end
redis.call(ARGV[8], ARGV[6], message)
return {offset, epoch}

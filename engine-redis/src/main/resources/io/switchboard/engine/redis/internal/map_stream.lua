-- A map channel's position and its stream from an offset on, read in one step.
-- KEYS: stream, meta. ARGV: first offset wanted, epoch for a new meta, meta ttl ms.
local stream, meta = KEYS[1], KEYS[2]
local known = redis.call("hmget", meta, "e", "s")
local epoch, offset = known[1], known[2] or "0"
if not epoch then
  epoch = ARGV[2]
  offset = "0"
  redis.call("hset", meta, "e", epoch)
  redis.call("del", stream)
end
if tonumber(ARGV[3]) > 0 then redis.call("pexpire", meta, ARGV[3]) end
return { offset, epoch, redis.call("xrange", stream, ARGV[1], "+") }

-- A map channel's position and part of its stream, read in one step.
-- KEYS: stream, meta. ARGV: the first offset wanted (forward) or the highest ("+" for the top; reverse), epoch
-- for a new meta, meta ttl ms, "1" for newest first, the most entries ("0" for all).
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
local entries
if ARGV[4] == "1" then
  if ARGV[5] ~= "0" then entries = redis.call("xrevrange", stream, ARGV[1], "-", "COUNT", ARGV[5])
  else entries = redis.call("xrevrange", stream, ARGV[1], "-") end
else
  if ARGV[5] ~= "0" then entries = redis.call("xrange", stream, ARGV[1], "+", "COUNT", ARGV[5])
  else entries = redis.call("xrange", stream, ARGV[1], "+") end
end
return { offset, epoch, entries }

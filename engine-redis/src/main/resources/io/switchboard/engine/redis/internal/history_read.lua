-- Reads a channel's stream position and, when asked, a range of it; creates the epoch of a new stream.
-- KEYS: stream, meta. ARGV: epoch for a new stream, meta ttl ms, limit (0: position only), since offset
-- ("" for none), "1" for newest first.
local stream, meta = KEYS[1], KEYS[2]
local meta_ttl, limit, since, reverse = tonumber(ARGV[2]), tonumber(ARGV[3]), ARGV[4], ARGV[5] == "1"
local epoch = redis.call("hget", meta, "e")
if not epoch then
  epoch = ARGV[1]
  redis.call("hset", meta, "e", epoch)
end
if meta_ttl > 0 and redis.call("pttl", meta) < meta_ttl then
  redis.call("pexpire", meta, meta_ttl)
end
local top = tonumber(redis.call("hget", meta, "s") or "0")
if limit == 0 then return {top, epoch, {}} end
local entries
if reverse then
  local upper = "+"
  if since ~= "" then upper = "(" .. since .. "-0" end
  entries = redis.call("xrevrange", stream, upper, "-", "COUNT", limit)
else
  local lower = "-"
  if since ~= "" then lower = "(" .. since .. "-0" end
  entries = redis.call("xrange", stream, lower, "+", "COUNT", limit)
end
return {top, epoch, entries}

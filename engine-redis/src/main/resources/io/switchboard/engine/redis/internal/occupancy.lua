-- Which nodes have subscribers of a channel: a zset of node ids scored by when their word runs out (nodes
-- refresh theirs), so a crashed node drops out. KEYS: the zset. ARGV: node id, "1" to add (else remove),
-- expire-at unix seconds, now unix seconds, key ttl seconds.
-- Returns 1 when this call made the node the only one (added) or left none (removed).
local key, node, add = KEYS[1], ARGV[1], ARGV[2] == "1"
redis.call("zremrangebyscore", key, "-inf", ARGV[4])
if add then
  local new = redis.call("zadd", key, ARGV[3], node)
  redis.call("expire", key, ARGV[5])
  if new == 1 and redis.call("zcard", key) == 1 then return 1 end
  return 0
end
local gone = redis.call("zrem", key, node)
if gone == 1 and redis.call("zcard", key) == 0 then return 1 end
return 0

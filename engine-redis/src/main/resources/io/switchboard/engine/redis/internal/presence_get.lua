-- Drops presence entries whose refresh is overdue (their node is gone), then returns the rest.
-- KEYS: data hash, expire zset. ARGV: now, unix seconds.
local expired = redis.call("zrangebyscore", KEYS[2], "-inf", ARGV[1])
for i = 1, #expired, 1000 do
  redis.call("hdel", KEYS[1], unpack(expired, i, math.min(i + 999, #expired)))
end
if #expired > 0 then redis.call("zremrangebyscore", KEYS[2], "-inf", ARGV[1]) end
return redis.call("hgetall", KEYS[1])

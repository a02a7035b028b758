-- Keeps an expiring map entry for longer (when it is still there) and puts the channel in the cleanup zset at
-- its earliest expiry, or out of it when nothing of it expires any more.
-- KEYS: state expire, cleanup channels. ARGV: key ("" to only reschedule), expiry ms, channel.
local expire, cleanup = KEYS[1], KEYS[2]
if ARGV[1] ~= "" and redis.call("zscore", expire, ARGV[1]) then redis.call("zadd", expire, ARGV[2], ARGV[1]) end
local first = redis.call("zrange", expire, 0, 0, "WITHSCORES")
if #first == 0 then redis.call("zrem", cleanup, ARGV[3]) else redis.call("zadd", cleanup, first[2], ARGV[3]) end
return 0

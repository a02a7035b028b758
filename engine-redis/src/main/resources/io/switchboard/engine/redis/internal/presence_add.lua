-- Adds (or refreshes) one connection's presence. KEYS: data hash, expire zset.
-- ARGV: client id, encoded info, expire-at unix seconds, key ttl seconds.
redis.call("zadd", KEYS[2], ARGV[3], ARGV[1])
redis.call("hset", KEYS[1], ARGV[1], ARGV[2])
redis.call("expire", KEYS[1], ARGV[4])
redis.call("expire", KEYS[2], ARGV[4])
return 1

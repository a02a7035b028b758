-- Removes one connection's presence. KEYS: data hash, expire zset. ARGV: client id.
redis.call("hdel", KEYS[1], ARGV[1])
redis.call("zrem", KEYS[2], ARGV[1])
return 1

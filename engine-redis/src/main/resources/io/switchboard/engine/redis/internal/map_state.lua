-- A map channel's entries and the position they stand at, read in one step (one cut).
-- KEYS: state, meta, state meta. ARGV: "1" without a stream, epoch for a new meta, meta ttl ms.
-- Returns offset, epoch and the state hash as [key, "<offset>:<epoch>:<Publication>", ...].
local state, meta, state_meta = KEYS[1], KEYS[2], KEYS[3]
local offset, epoch = "0", ""
if ARGV[1] ~= "1" then
  epoch = redis.call("hget", meta, "e")
  if not epoch then
    epoch = ARGV[2]
    redis.call("hset", meta, "e", epoch)
  end
  offset = redis.call("hget", meta, "s") or "0"
  if tonumber(ARGV[3]) > 0 then redis.call("pexpire", meta, ARGV[3]) end
  -- entries of another epoch are not this one's state
  if redis.call("hget", state_meta, "epoch") ~= epoch then return { offset, epoch, {} } end
end
return { offset, epoch, redis.call("hgetall", state) }

-- cache_put: stores one response-cache entry and keeps the cache within its size bound. Every cache
-- key carries the {cache} hash tag, so the entries this script evicts live in its one slot.
-- KEYS: 1 entry, 2 index (zset: entry key -> expiry in microseconds; whole milliseconds would tie for
-- entries written in the same millisecond and evict them in key order, not oldest first)
-- ARGV: 1 value, 2 ttl ms, 3 max entries, 4 expiry slack ms
-- Reply: the number of entries evicted to make room
local ttl, max, slack = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local now = now_us()

-- checks (reads only): the index must be a sorted set
rcall(KEYS[2], 'ZCARD', KEYS[2])

-- writes
redis.call('SET', KEYS[1], ARGV[1], 'PX', ttl)
redis.call('ZADD', KEYS[2], now + ttl * 1000, KEYS[1])
-- entries that expired by themselves leave the index
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
local over = redis.call('ZCARD', KEYS[2]) - max
local evicted = 0
if over > 0 then
  -- one TTL for all, so the soonest to expire is the oldest written
  local old = redis.call('ZRANGE', KEYS[2], 0, over - 1)
  for _, k in ipairs(old) do
    redis.call('DEL', k)
  end
  redis.call('ZREMRANGEBYRANK', KEYS[2], 0, over - 1)
  evicted = #old
end
redis.call('PEXPIRE', KEYS[2], ttl + slack)
return evicted

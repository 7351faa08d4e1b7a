-- group: a model group's rpm/tpm window on its own hash tag, for Redis Cluster (a group spans
-- providers, so its keys live in another slot than the deployment's); standalone and Sentinel
-- reserve the group inside admit instead. One call per step; idempotent on the attempt id.
-- KEYS: 1 group window, 2 group attempt record
-- ARGV: 1 op (reserve | cancel | settle | forget), 2 rpm, 3 tpm (-1 none), 4 tokens (reserve) or actual
--       tokens (settle, -1 unknown), 5 window us, 6 bucket us, 7 expiry slack ms, 8 record ttl ms
-- Reply: {granted or applied, denial code (4 rpm, 5 tpm), retry us}
-- forget: a cancel for a reserve or admit whose reply never reached the client; it also leaves the
-- record as 'forgotten', so a reserve of that attempt arriving later grants nothing (see forget.lua).
local op = ARGV[1]
local rpm, tpm, tokens = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local W, w, slack, ttl = tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7]), tonumber(ARGV[8])
local now = now_us()
if op ~= 'reserve' and op ~= 'cancel' and op ~= 'settle' and op ~= 'forget' then
  error({err = 'LLMROUTER group script: unknown operation ' .. tostring(op)})
end

local rec = rcall(KEYS[2], 'GET', KEYS[2])
if rec == 'forgotten' then
  return {0, 4, 0}
end
local b, amt
if rec then
  b, amt = string.match(rec, '^(%d+):(%d+)$')
  if b == nil then
    fail(KEYS[2], 'is not a group reservation: ' .. rec)
  end
  b, amt = tonumber(b), tonumber(amt)
end

if op == 'reserve' then
  if rec then
    return {1, 0, 0}
  end
  local win = win_load(KEYS[1], now, W, w)
  local a = tpm >= 0 and math.min(tokens, math.max(tpm, 0)) or tokens
  local rw, tw = win_check(win, now, W, rpm, tpm, a)
  if rw > 0 or tw > 0 then
    return {0, rw >= tw and 4 or 5, math.max(rw, tw)}
  end
  win_add(win, now, W, w, a, slack)
  redis.call('SET', KEYS[2], string.format('%d:%d', win.b, a), 'PX', ttl)
  return {1, 0, 0}
end

if not rec then
  if op == 'forget' then
    redis.call('SET', KEYS[2], 'forgotten', 'PX', ttl)
  end
  return {0, 0, 0}
end
local cur = win_peek(KEYS[1], b, W, w)
if op == 'cancel' or op == 'forget' then
  win_change(KEYS[1], b, -1, -amt, cur)
elseif op == 'settle' and tokens >= 0 then
  win_change(KEYS[1], b, 0, tokens - amt, cur)
end
if op == 'forget' then
  redis.call('SET', KEYS[2], 'forgotten', 'PX', ttl)
else
  redis.call('DEL', KEYS[2])
end
return {1, 0, 0}

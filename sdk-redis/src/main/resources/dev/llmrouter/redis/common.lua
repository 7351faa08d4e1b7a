-- Shared helpers of the llmrouter scripts (prepended to each script by ScriptSet).
-- Rules: read and check everything first, write last (Redis does not undo the writes of a script
-- that fails midway); all times are integer microseconds from Redis TIME; every key gets an expiry.

local function fail(key, what)
  error({err = 'LLMROUTER ' .. key .. ': ' .. what})
end

-- redis.call, but a Redis error (WRONGTYPE, OOM, NOPERM...) names the key it happened on
local function rcall(key, ...)
  local r = redis.pcall(...)
  if type(r) == 'table' and r.err then
    fail(key, r.err)
  end
  return r
end

local function now_us()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000000 + tonumber(t[2])
end

local function num(key, v, what)
  local n = tonumber(v)
  if n == nil then
    fail(key, 'holds a ' .. what .. ' that is not a number: ' .. tostring(v))
  end
  return n
end

-- A sliding window of N buckets of width w (window W = N*w) in a hash: field = bucket mod (N+1),
-- value "bucket:requests:tokens:last". A bucket counts while it can overlap the window ending now;
-- the oldest (partial) one counts whole unless its last entry already left (never over-admits).
local function win_load(key, now, W, w)
  local b = math.floor(now / w)
  local n = math.floor(W / w)
  local raw = rcall(key, 'HGETALL', key)
  local slots = {}
  local req, tok = 0, 0
  for i = 1, #raw, 2 do
    local bb, r, t, l = string.match(raw[i + 1], '^(%d+):(%d+):(%d+):(%d+)$')
    if bb == nil then
      fail(key, 'field ' .. raw[i] .. ' is not a window bucket: ' .. raw[i + 1])
    end
    bb = tonumber(bb); r = tonumber(r); t = tonumber(t); l = tonumber(l)
    if bb >= b - n and bb <= b and not (bb == b - n and l <= now - W) then
      req = req + r
      tok = tok + t
      slots[#slots + 1] = {bb, r, t, l}
    end
  end
  table.sort(slots, function(x, y) return x[1] < y[1] end)
  return {key = key, b = b, n = n, req = req, tok = tok, slots = slots}
end

-- microseconds until `need` more of amount index k (2 requests, 3 tokens) has left the window
local function win_wait(win, now, W, k, need)
  local freed = 0
  for _, s in ipairs(win.slots) do
    if s[k] > 0 and s[4] > now - W then
      freed = freed + s[k]
      if freed >= need then
        return s[4] + W - now
      end
    end
  end
  return W
end

-- wait before one request of `amount` tokens fits: {rpm wait, tpm wait}; limits < 0 mean none
local function win_check(win, now, W, rpm, tpm, amount)
  local rw, tw = 0, 0
  if rpm >= 0 and win.req + 1 > rpm then
    rw = rpm <= 0 and W or win_wait(win, now, W, 2, win.req + 1 - rpm)
  end
  if tpm >= 0 and win.tok + amount > tpm then
    tw = tpm <= 0 and W or win_wait(win, now, W, 3, win.tok + amount - tpm)
  end
  return rw, tw
end

local function win_add(win, now, W, amount, slack_ms)
  local field = tostring(win.b % (win.n + 1))
  local cur = redis.call('HGET', win.key, field)
  local r, t = 0, 0
  if cur then
    local bb, cr, ct = string.match(cur, '^(%d+):(%d+):(%d+):')
    if tonumber(bb) == win.b then
      r = tonumber(cr); t = tonumber(ct)
    end
  end
  redis.call('HSET', win.key, field, string.format('%d:%d:%d:%d', win.b, r + 1, t + amount, now))
  redis.call('PEXPIRE', win.key, math.floor(W / 1000) + slack_ms)
end

-- the current value of bucket `bucket`'s field (read before any write), or false
local function win_peek(key, bucket, W, w)
  local n = math.floor(W / w)
  return rcall(key, 'HGET', key, tostring(bucket % (n + 1)))
end

-- adds `delta` tokens (clamped at zero) to bucket `bucket` if `cur` (from win_peek) still holds it
local function win_adjust(key, bucket, W, w, delta, cur)
  if not cur then
    return false
  end
  local n = math.floor(W / w)
  local field = tostring(bucket % (n + 1))
  local bb, r, t, l = string.match(cur, '^(%d+):(%d+):(%d+):(%d+)$')
  if bb == nil then
    fail(key, 'field ' .. field .. ' is not a window bucket: ' .. cur)
  end
  if tonumber(bb) ~= bucket then
    return false
  end
  local nt = math.max(0, tonumber(t) + delta)
  redis.call('HSET', key, field, string.format('%d:%d:%d:%d', bucket, tonumber(r), nt, tonumber(l)))
  return true
end

-- the circuit hash: st ('c' closed, 'o' open), ou open-until, lv cooldown level, pr probe attempt
-- id, pu probe lease end, ho half-open announced (1/0), f failure times (space separated)
local function cb_load(key)
  local v = rcall(key, 'HMGET', key, 'st', 'ou', 'lv', 'pr', 'pu', 'ho', 'f')
  local c = {key = key, st = v[1] or 'c', ou = 0, lv = 0, pr = (v[4] ~= nil and v[4] ~= '') and v[4] or false, pu = 0, ho = v[6] == '1',
             f = {}}
  if c.st ~= 'c' and c.st ~= 'o' then
    fail(key, 'holds an unknown circuit state: ' .. tostring(v[1]))
  end
  if v[2] then c.ou = num(key, v[2], 'open-until') end
  if v[3] then c.lv = num(key, v[3], 'cooldown level') end
  if v[5] then c.pu = num(key, v[5], 'probe expiry') end
  if v[7] and v[7] ~= '' then
    for s in string.gmatch(v[7], '%S+') do
      c.f[#c.f + 1] = num(key, s, 'failure time')
    end
  end
  return c
end

-- state code (0 closed, 1 open, 2 half-open), microseconds until it may admit, failures in window
local function cb_view(c, now, fw)
  if c.st == 'c' then
    local n = 0
    for _, t in ipairs(c.f) do
      if now - t < fw then n = n + 1 end
    end
    return 0, 0, n
  end
  if now < c.ou then
    return 1, c.ou - now, 0
  end
  return 2, 0, 0
end

local function cb_save(c, now, fw, max_cd, slack_ms)
  if c.st == 'c' and #c.f == 0 then
    redis.call('DEL', c.key)
    return
  end
  local fs = {}
  for i, t in ipairs(c.f) do fs[i] = string.format('%d', t) end
  redis.call('HSET', c.key, 'st', c.st, 'ou', string.format('%d', c.ou), 'lv', string.format('%d', c.lv),
    'pu', string.format('%d', c.pu), 'ho', c.ho and '1' or '0', 'f', table.concat(fs, ' '))
  if c.pr then
    redis.call('HSET', c.key, 'pr', c.pr)
  else
    redis.call('HDEL', c.key, 'pr')
  end
  local until_us = math.max(now + fw, c.ou, c.pu) + max_cd
  redis.call('PEXPIRE', c.key, math.floor((until_us - now) / 1000) + slack_ms)
end

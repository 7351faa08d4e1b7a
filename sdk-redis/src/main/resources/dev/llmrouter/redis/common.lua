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
-- Running sums keep each call O(1): fields H (the oldest bucket summed), R and T (requests and
-- tokens of buckets H..now). As time passes, buckets that left are subtracted once each (at most
-- one HGET per elapsed bucket); a window without sums (new, or an older layout) is scanned once.

local function win_parse(key, field, v)
  local bb, r, t, l = string.match(v, '^(%d+):(%d+):(%d+):(%d+)$')
  if bb == nil then
    fail(key, 'field ' .. field .. ' is not a window bucket: ' .. v)
  end
  return tonumber(bb), tonumber(r), tonumber(t), tonumber(l)
end

local function win_load(key, now, W, w)
  local b = math.floor(now / w)
  local n = math.floor(W / w)
  local low = b - n
  -- the current bucket's field too, so that win_add needs no read of its own
  local v = rcall(key, 'HMGET', key, 'H', 'R', 'T', tostring(low % (n + 1)), tostring(b % (n + 1)))
  local H, R, T
  if v[1] then
    H, R, T = num(key, v[1], 'window head'), num(key, v[2], 'window request sum'), num(key, v[3], 'window token sum')
    if H < low then
      if low - H > n then
        -- every summed bucket is older than the window
        R, T = 0, 0
      else
        for x = H, low - 1 do
          local f = tostring(x % (n + 1))
          local cur = rcall(key, 'HGET', key, f)
          if cur then
            local bb, r, t = win_parse(key, f, cur)
            if bb == x then
              R, T = R - r, T - t
            end
          end
        end
      end
      H = low
    end
  else
    R, T, H = 0, 0, low
    local raw = rcall(key, 'HGETALL', key)
    for i = 1, #raw, 2 do
      local bb, r, t = win_parse(key, raw[i], raw[i + 1])
      if bb >= low and bb <= b then
        R, T = R + r, T + t
      end
    end
  end
  R, T = math.max(0, R), math.max(0, T)
  local req, tok = R, T
  if v[4] then
    local bb, r, t, l = win_parse(key, tostring(low % (n + 1)), v[4])
    if bb == low and l <= now - W then
      req, tok = req - r, tok - t
    end
  end
  return {key = key, b = b, n = n, low = low, H = H, R = R, T = T, req = math.max(0, req), tok = math.max(0, tok),
          cur = v[5]}
end

-- the counted buckets, oldest first {bucket, requests, tokens, last} (a scan: only to compute a wait)
local function win_slots(win, now, W)
  local raw = rcall(win.key, 'HGETALL', win.key)
  local slots = {}
  for i = 1, #raw, 2 do
    local f = raw[i]
    if f ~= 'H' and f ~= 'R' and f ~= 'T' then
      local bb, r, t, l = win_parse(win.key, f, raw[i + 1])
      if bb >= win.low and bb <= win.b and not (bb == win.low and l <= now - W) then
        slots[#slots + 1] = {bb, r, t, l}
      end
    end
  end
  table.sort(slots, function(x, y) return x[1] < y[1] end)
  return slots
end

-- microseconds until `need` more of amount index k (2 requests, 3 tokens) has left the window
local function win_wait(win, now, W, k, need)
  win.slots = win.slots or win_slots(win, now, W)
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

-- adds one request of `amount` tokens to the current bucket (read by win_load). The key's expiry
-- is renewed by the first entry of each bucket only: that renewal (now + W + slack, slack at least
-- one bucket) already outlasts the window of every later entry of the same bucket.
local function win_add(win, now, W, w, amount, slack_ms)
  local field = tostring(win.b % (win.n + 1))
  local r, t, fresh = 0, 0, true
  if win.cur then
    local bb, cr, ct = string.match(win.cur, '^(%d+):(%d+):(%d+):')
    if tonumber(bb) == win.b then
      r, t, fresh = tonumber(cr), tonumber(ct), false
    end
  end
  redis.call('HSET', win.key, field, string.format('%d:%d:%d:%d', win.b, r + 1, t + amount, now),
    'H', string.format('%d', win.H), 'R', string.format('%d', win.R + 1), 'T', string.format('%d', win.T + amount))
  if fresh or slack_ms * 1000 < w then
    redis.call('PEXPIRE', win.key, math.floor(W / 1000) + slack_ms)
  end
end

-- an attempt record "probe:deployment bucket:group bucket:deployment tokens:group tokens" (admit.lua
-- writes it) as numbers, the probe flag as '0' or '1'; anything else under the key is an error
local function attempt_rec(key, rec)
  local p, db, gb, dt, gt = string.match(rec, '^(%d):(%-?%d+):(%-?%d+):(%d+):(%d+)$')
  if p == nil then
    fail(key, 'is not an attempt record: ' .. rec)
  end
  return p, tonumber(db), tonumber(gb), tonumber(dt), tonumber(gt)
end

-- bucket `bucket` of window `key` as it is now (read before any write), or false when absent
local function win_peek(key, bucket, W, w)
  local n = math.floor(W / w)
  local field = tostring(bucket % (n + 1))
  local v = rcall(key, 'HMGET', key, field, 'H', 'R', 'T')
  if not v[1] then
    return false
  end
  local bb, r, t, l = win_parse(key, field, v[1])
  local p = {field = field, bb = bb, r = r, t = t, l = l, H = false}
  if v[2] then
    p.H, p.R, p.T = num(key, v[2], 'window head'), num(key, v[3], 'window request sum'), num(key, v[4], 'window token sum')
  end
  return p
end

-- adds `dreq` requests and `dtok` tokens (each clamped at zero) to bucket `bucket`, if `p` (from
-- win_peek) still holds it; the running sums follow while the bucket is still summed
local function win_change(key, bucket, dreq, dtok, p)
  if not p or p.bb ~= bucket then
    return false
  end
  local nr, nt = math.max(0, p.r + dreq), math.max(0, p.t + dtok)
  local value = string.format('%d:%d:%d:%d', bucket, nr, nt, p.l)
  if p.H and bucket >= p.H then
    redis.call('HSET', key, p.field, value, 'R', string.format('%d', math.max(0, p.R + nr - p.r)),
      'T', string.format('%d', math.max(0, p.T + nt - p.t)))
  else
    redis.call('HSET', key, p.field, value)
  end
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

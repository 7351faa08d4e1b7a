-- settle: circuit result (only the probe's own lease may close or re-open), tpm reconcile with the
-- real usage, lease release, usage counters. Exactly once: a second settle of the attempt finds no
-- attempt record and changes nothing.
-- KEYS: 1 circuit hash, 2 deployment window, 3 provider leases, 4 deployment leases, 5 attempt
--       record, 6 usage hash, [7 group window]
-- ARGV: 1 attempt id, 2 actual tokens (-1 unknown), 3 success, 4 counts for the circuit, 5 opens at
--       once, 6 rate limited, 7 retry hint us (-1 none), 8 allowed fails, 9 failure window us,
--       10 cooldown us, 11 cooldown multiplier, 12 max cooldown us, 13 window us, 14 bucket us,
--       15 expiry slack ms, 16 usage ttl ms, 17 provider cap (1: the admit took a provider lease),
--       18 window figures wanted (1; 0: the caller does not read them, they are answered as 0)
-- Reply: {settled, circuit state, circuit wait us, failures in window, from state, to state (-1 when
--         unchanged), cooldown us, deployment requests in window, deployment tokens in window}
local id = ARGV[1]
local actual = tonumber(ARGV[2])
local success, counts = ARGV[3] == '1', ARGV[4] == '1'
local opens_now, rate_limited = ARGV[5] == '1', ARGV[6] == '1'
local hint = tonumber(ARGV[7])
local allowed, fw, cooldown = tonumber(ARGV[8]), tonumber(ARGV[9]), tonumber(ARGV[10])
local mult, max_cd = tonumber(ARGV[11]), tonumber(ARGV[12])
local W, w, slack, usage_ttl = tonumber(ARGV[13]), tonumber(ARGV[14]), tonumber(ARGV[15]), tonumber(ARGV[16])
local capped, figures = ARGV[17] ~= '0', ARGV[18] ~= '0'
local now = now_us()

-- checks (reads only)
local c = cb_load(KEYS[1])
local rec = rcall(KEYS[5], 'GET', KEYS[5])
if not rec or rec == 'forgotten' then
  local st, wait, fails = cb_view(c, now, fw)
  return {0, st, wait, fails, -1, -1, 0, 0, 0}
end
local p, db, gb, dt, gt = attempt_rec(KEYS[5], rec)
local dcur = (actual >= 0 and db >= 0) and win_peek(KEYS[2], db, W, w) or false
local gcur = (actual >= 0 and gb >= 0 and KEYS[7]) and win_peek(KEYS[7], gb, W, w) or false
-- type checks of the keys written below that nothing above read (the deployment's leases are checked
-- by the first write); the provider's leases only when the admit took one
if capped then
  rcall(KEYS[3], 'ZSCORE', KEYS[3], id)
end
rcall(KEYS[6], 'HLEN', KEYS[6])

local cap = math.max(max_cd, cooldown)
local function cooldown_for(level)
  if hint < 0 then
    return level
  end
  local h = math.min(hint, cap)
  if rate_limited then
    return h
  end
  return math.max(level, h)
end
local function open_for(n)
  local u = now + n
  if c.st == 'o' and c.ou > u then
    u = c.ou
  end
  c.ou, c.st, c.ho, c.f = u, 'o', false, {}
  return u - now
end

local from, to, cd = -1, -1, 0
local changed = false
if p == '1' and c.st == 'o' and c.pr == id then
  c.pr = false
  changed = true
  if success then
    from, to = c.ho and 2 or 1, 0
    c.st, c.ho, c.lv, c.f = 'c', false, 0, {}
  elseif counts then
    from, to = c.ho and 2 or 1, 1
    local grown = math.max(c.lv, cooldown) * mult
    c.lv = grown >= cap and cap or math.floor(grown)
    cd = open_for(cooldown_for(c.lv))
  end
elseif counts and c.st == 'c' then
  c.f[#c.f + 1] = now
  while #c.f > allowed do
    table.remove(c.f, 1)
  end
  changed = true
  if opens_now or (#c.f == allowed and now - c.f[1] < fw) then
    from, to = 0, 1
    c.lv = cooldown
    cd = open_for(cooldown_for(c.lv))
  end
elseif counts and opens_now and (not c.pr or now >= c.pu) then
  local u = now + cooldown_for(c.lv)
  if u > c.ou then
    c.pr = false
    if c.ho then
      from, to = 2, 1
    end
    changed = true
    cd = open_for(u - now)
  end
end

-- writes; the first is the deployment's leases' type check, failing before anything is written
rcall(KEYS[4], 'ZREM', KEYS[4], id)
if changed then
  cb_save(c, now, fw, max_cd, slack)
end
if dcur then
  win_change(KEYS[2], db, 0, actual - dt, dcur)
end
if gcur then
  win_change(KEYS[7], gb, 0, actual - gt, gcur)
end
if capped then
  redis.call('ZREM', KEYS[3], id)
end
redis.call('DEL', KEYS[5])
redis.call('HINCRBY', KEYS[6], 'requests', 1)
if not success then
  redis.call('HINCRBY', KEYS[6], 'failures', 1)
end
if actual > 0 then
  redis.call('HINCRBY', KEYS[6], 'tokens', actual)
end
redis.call('PEXPIRE', KEYS[6], usage_ttl)
local st, wait, fails = cb_view(c, now, fw)
local used = (figures and db >= 0) and win_load(KEYS[2], now, W, w) or {req = 0, tok = 0}
return {1, st, wait, fails, from, to, cd, used.req, used.tok}

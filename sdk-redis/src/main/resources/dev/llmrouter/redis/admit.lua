-- admit: circuit permit (or the single half-open probe), rpm/tpm reservation on the deployment and
-- (KEYS[6], when given) the group, concurrency leases; all or nothing, idempotent on the attempt id.
-- KEYS: 1 circuit hash, 2 deployment window, 3 provider leases, 4 deployment leases, 5 attempt
--       record, [6 group window]
-- ARGV: 1 attempt id, 2 min probe lease us, 3 dep rpm, 4 dep tpm, 5 group rpm, 6 group tpm (-1 none),
--       7 tokens, 8 provider cap, 9 deployment cap (0 none), 10 lease ttl us, 11 window us,
--       12 bucket us, 13 failure window us, 14 max cooldown us, 15 expiry slack ms
-- Reply: {granted, probe or denial code, retry us, dep bucket, group bucket, dep tokens, group
--         tokens, circuit state, circuit wait us, failures in window, half-open announced, repeat,
--         deployment requests in window, deployment tokens in window} (window figures after the call)
local id = ARGV[1]
local min_probe = tonumber(ARGV[2])
local drpm, dtpm, grpm, gtpm = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])
local tokens = tonumber(ARGV[7])
local pcap, dcap = tonumber(ARGV[8]), tonumber(ARGV[9])
local lease_ttl, W, w = tonumber(ARGV[10]), tonumber(ARGV[11]), tonumber(ARGV[12])
local fw, max_cd, slack = tonumber(ARGV[13]), tonumber(ARGV[14]), tonumber(ARGV[15])
local now = now_us()

-- checks (reads only)
local c = cb_load(KEYS[1])
local cst, cwait, cfails = cb_view(c, now, fw)
local prior = rcall(KEYS[5], 'GET', KEYS[5])
if prior == 'forgotten' then
  -- the client gave this attempt up (forget.lua) before this admit ran: grant nothing
  return {0, 6, 0, -1, -1, 0, 0, cst, cwait, cfails, 0, 0, 0, 0}
end
if prior then
  local p, db, gb, dt, gt = attempt_rec(KEYS[5], prior)
  local used = (drpm >= 0 or dtpm >= 0) and win_load(KEYS[2], now, W, w) or {req = 0, tok = 0}
  return {1, tonumber(p), 0, db, gb, dt, gt, cst, cwait, cfails, 0, 1, used.req, used.tok}
end

local dwin, gwin
local function dreq() return dwin and dwin.req or 0 end
local function dtok() return dwin and dwin.tok or 0 end
local probe = 0
if c.st == 'o' then
  if now < c.ou then
    return {0, 1, c.ou - now, -1, -1, 0, 0, cst, cwait, cfails, 0, 0, dreq(), dtok()}
  end
  if c.pr and now < c.pu then
    return {0, 1, c.pu - now, -1, -1, 0, 0, cst, cwait, cfails, 0, 0, dreq(), dtok()}
  end
  probe = 1
end

local damt, gamt = 0, 0
if drpm >= 0 or dtpm >= 0 then
  dwin = win_load(KEYS[2], now, W, w)
  damt = dtpm >= 0 and math.min(tokens, math.max(dtpm, 0)) or tokens
  local rw, tw = win_check(dwin, now, W, drpm, dtpm, damt)
  if rw > 0 or tw > 0 then
    return {0, rw >= tw and 2 or 3, math.max(rw, tw), -1, -1, 0, 0, cst, cwait, cfails, 0, 0, dreq(), dtok()}
  end
end
if KEYS[6] and (grpm >= 0 or gtpm >= 0) then
  gwin = win_load(KEYS[6], now, W, w)
  gamt = gtpm >= 0 and math.min(tokens, math.max(gtpm, 0)) or tokens
  local rw, tw = win_check(gwin, now, W, grpm, gtpm, gamt)
  if rw > 0 or tw > 0 then
    return {0, rw >= tw and 4 or 5, math.max(rw, tw), -1, -1, 0, 0, cst, cwait, cfails, 0, 0, dreq(), dtok()}
  end
end
if pcap > 0 and rcall(KEYS[3], 'ZCOUNT', KEYS[3], '(' .. string.format('%d', now), '+inf') >= pcap then
  return {0, 6, 0, -1, -1, 0, 0, cst, cwait, cfails, 0, 0, dreq(), dtok()}
end
if dcap > 0 and rcall(KEYS[4], 'ZCOUNT', KEYS[4], '(' .. string.format('%d', now), '+inf') >= dcap then
  return {0, 6, 0, -1, -1, 0, 0, cst, cwait, cfails, 0, 0, dreq(), dtok()}
end

-- writes (every check passed). The first sweeps the deployment's leases: without a deployment cap
-- nothing read that set, so this write is its type check, and it fails before anything is written.
local now_s = string.format('%d', now)
rcall(KEYS[4], 'ZREMRANGEBYSCORE', KEYS[4], '-inf', now_s)
local announced = 0
if probe == 1 then
  c.pr = id
  c.pu = now + math.max(c.lv, min_probe)
  if not c.ho then
    announced = 1
  end
  c.ho = true
  cb_save(c, now, fw, max_cd, slack)
  cst, cwait = 2, 0
end
local db, gb = -1, -1
if dwin then
  win_add(dwin, now, W, w, damt, slack)
  db = dwin.b
end
if gwin then
  win_add(gwin, now, W, w, gamt, slack)
  gb = gwin.b
end
local expiry = string.format('%d', now + lease_ttl)
local lease_ms = math.floor(lease_ttl / 1000) + slack
if pcap > 0 then
  redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now_s)
  redis.call('ZADD', KEYS[3], expiry, id)
  redis.call('PEXPIRE', KEYS[3], lease_ms)
end
redis.call('ZADD', KEYS[4], expiry, id)
redis.call('PEXPIRE', KEYS[4], lease_ms)
redis.call('SET', KEYS[5], string.format('%d:%d:%d:%d:%d', probe, db, gb, damt, gamt), 'PX', lease_ms)
return {1, probe, 0, db, gb, damt, gamt, cst, cwait, cfails, announced, 0,
  dwin and dwin.req + 1 or 0, dwin and dwin.tok + damt or 0}

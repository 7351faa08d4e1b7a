-- forget: an admit whose reply never reached the client (a timeout, a broken connection) may still
-- have run, or may run later (Redis frozen, a Cluster retry): the client served the attempt on local
-- state, so nothing will ever settle it. This undoes such a grant (lease released, rpm and tpm
-- reservation given back, a probe lease let go, no usage counted) and leaves a tombstone under the
-- attempt id, so an admit of that id arriving after it grants nothing. Idempotent.
-- KEYS: 1 circuit hash, 2 deployment window, 3 provider leases, 4 deployment leases, 5 attempt
--       record, [6 group window]
-- ARGV: 1 attempt id, 2 window us, 3 bucket us, 4 record ttl ms, 5 failure window us, 6 max cooldown
--       us, 7 expiry slack ms
-- Reply: {1 when a grant was undone, 0 otherwise}
local id = ARGV[1]
local W, w, ttl = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local fw, max_cd, slack = tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7])
local now = now_us()

-- checks (reads only)
local rec = rcall(KEYS[5], 'GET', KEYS[5])
if rec == 'forgotten' then
  return {0}
end
if not rec then
  redis.call('SET', KEYS[5], 'forgotten', 'PX', ttl)
  return {0}
end
local p, db, gb, dt, gt = attempt_rec(KEYS[5], rec)
local c = p == '1' and cb_load(KEYS[1]) or false
local dcur = db >= 0 and win_peek(KEYS[2], db, W, w) or false
local gcur = (gb >= 0 and KEYS[6]) and win_peek(KEYS[6], gb, W, w) or false
rcall(KEYS[3], 'ZSCORE', KEYS[3], id)

-- writes; the first is the deployment's leases' type check
rcall(KEYS[4], 'ZREM', KEYS[4], id)
if c and c.pr == id then
  c.pr = false
  cb_save(c, now, fw, max_cd, slack)
end
if dcur then
  win_change(KEYS[2], db, -1, -dt, dcur)
end
if gcur then
  win_change(KEYS[6], gb, -1, -gt, gcur)
end
redis.call('ZREM', KEYS[3], id)
redis.call('SET', KEYS[5], 'forgotten', 'PX', ttl)
return {1}

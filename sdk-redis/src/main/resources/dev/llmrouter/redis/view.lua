-- view: a deployment's shared state now, for selection and health; reads only.
-- KEYS: 1 circuit hash, 2 deployment window, 3 deployment leases
-- ARGV: 1 failure window us, 2 window us, 3 bucket us
-- Reply: {circuit state, circuit wait us, failures in window, in flight, requests in window,
--         tokens in window}
local fw, W, w = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local now = now_us()
local c = cb_load(KEYS[1])
local st, wait, fails = cb_view(c, now, fw)
local win = win_load(KEYS[2], now, W, w)
local live = rcall(KEYS[3], 'ZCOUNT', KEYS[3], '(' .. string.format('%d', now), '+inf')
return {st, wait, fails, live, win.req, win.tok}

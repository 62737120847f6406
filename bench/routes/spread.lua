-- wrk script for bench/routes-bench.sh: spreads requests over N routes (wrk ... -- N HALF [M]).
-- With M (diagnostics), only M routes evenly spaced over the table are requested.
-- Routes 0..HALF-1 match on an exact host plus a prefix path; routes HALF..N-1 on a prefix path
-- only. Requests are prebuilt in init() so the client costs the same for every N; the order is a
-- fixed Park-Miller sequence (seeded, reproducible) so consecutive requests hit unrelated routes.
local reqs, n, state = {}, 10, 1

function init(args)
  local total = tonumber(args[1])
  local half = tonumber(args[2])
  n = tonumber(args[3] or args[1])
  for k = 0, n - 1 do
    local r = math.floor(k * total / n)
    if r < half then
      reqs[k] = wrk.format("GET", "/api/r" .. r .. "/1k.txt", { Host = "h" .. r .. ".bench.test" })
    else
      reqs[k] = wrk.format("GET", "/path/r" .. r .. "/1k.txt", { Host = "any.bench.test" })
    end
  end
end

function request()
  state = (state * 16807) % 2147483647
  return reqs[state % n]
end

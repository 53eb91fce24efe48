-- wrk script for bench/load.py: every request picks one line of the paths file at random.
-- Lines are "<kind> <path>": kind "page" sends the supplier's session cookie, "api" the bearer
-- token, "none" nothing. Arguments (after --): paths file, cookie, token.
local paths, cookie, token = {}, "", ""
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
end

function init(args)
  cookie, token = args[2] or "", args[3] or ""
  for line in io.lines(args[1]) do
    local kind, path = line:match("^(%S+)%s+(%S+)$")
    if path then paths[#paths + 1] = { kind, path } end
  end
  math.randomseed(7919 * (id or 1))
end

function request()
  local item = paths[math.random(#paths)]
  -- The same User-Agent as the login: the session is bound to it (Flask-Login protection).
  local headers = { ["User-Agent"] = "innsikt-load-bench" }
  if item[1] == "page" then
    headers["Cookie"] = cookie
  elseif item[1] == "api" then
    headers["Authorization"] = "Bearer " .. token
  end
  return wrk.format("GET", item[2], headers)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d duration_us=%d connect=%d read=%d write=%d status=%d timeout=%d " ..
    "p50=%d p95=%d p99=%d max=%d\n",
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max))
end

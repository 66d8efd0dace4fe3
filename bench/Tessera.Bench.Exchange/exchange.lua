-- Token requests for wrk: cycles through pre-minted form bodies (distinct valid assertions), counts answers that
-- are not 200, and, when TESSERA_DELAY_MS is set, paces each connection to hold a request rate below saturation.
local bodies = {}
local next_body = 0
non_ok = 0 -- global: done() reads it from each thread with thread:get
local delay_ms = tonumber(os.getenv("TESSERA_DELAY_MS") or "0")
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)") or "0", 16))
  for line in io.lines(os.getenv("TESSERA_BODIES")) do
    bodies[#bodies + 1] = line
  end
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
end

function request()
  next_body = next_body % #bodies + 1
  return wrk.format(nil, nil, nil, bodies[next_body])
end

function response(status, headers, body)
  if status ~= 200 then
    non_ok = non_ok + 1
  end
end

-- Exponentially distributed pauses (Poisson arrivals): with a fixed pause, every connection would send at the same
-- moment, and the latency measured would be that of a burst, not of the rate.
function delay()
  if delay_ms == 0 then
    return 0
  end
  return -math.log(1 - math.random()) * delay_ms
end

function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do
    total = total + thread:get("non_ok")
  end
  io.write(string.format("TESSERA_RESULT requests=%d duration_us=%d non_ok=%d errors=%d p50_us=%d p99_us=%d\n",
    summary.requests, summary.duration, total,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status + summary.errors.timeout,
    latency:percentile(50), latency:percentile(99)))
end

-- Paced clients for wrk: after each answer a connection waits a random think time (exponential, mean given as the
-- script's first argument in ms) before its next request. 1,000 connections then behave like 1,000 independent people
-- refreshing a page (a Poisson stream of mean rate connections / think time), not like 1,000 loops that re-send at once or
-- one burst every interval. wrk starts a request's clock when it writes it, so the think time is not in the latency.
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end

local think_ms

function init(args)
  think_ms = tonumber(args[1])
  math.randomseed(os.time() * 1000 + wrk.thread:get("id"))
end

function delay()
  return -think_ms * math.log(1 - math.random())
end

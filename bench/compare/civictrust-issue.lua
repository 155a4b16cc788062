-- wrk script: unique CivicTrust documents (POST /documents), the counterpart of etcd-put.lua, to measure the node
-- with a load generator that costs far less CPU than bench/Throughput:
--   CIVICTRUST_API_KEY=$(cat <dir>/issuer-key) wrk -t2 -c64 -d10s --latency -s bench/compare/civictrust-issue.lua http://127.0.0.1:5711
-- (the key of issuer civictrust-drill that scripts/local-cluster.sh made for the cluster)
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end

function init(args)
  run = string.format("wrk-%d-%d", os.time(), id)
  counter = 0
  headers = { ["Content-Type"] = "application/json" }
  local key = os.getenv("CIVICTRUST_API_KEY")
  if key then headers["Authorization"] = "Bearer " .. key end
end

function request()
  counter = counter + 1
  return wrk.format("POST", "/documents", headers,
    string.format('{"content":{"bench":"%s","serial":%d},"issuer":"civictrust-drill"}', run, counter))
end

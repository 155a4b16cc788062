-- wrk script: unique etcd puts through the v3 JSON gateway, to check bench/Throughput's etcd figures against an
-- independent load generator:  wrk -t2 -c64 -d10s -s bench/compare/etcd-put.lua http://127.0.0.1:23791
local b64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

local function base64(data)
  return ((data:gsub(".", function(x)
    local r, b = "", x:byte()
    for i = 8, 1, -1 do r = r .. (b % 2 ^ i - b % 2 ^ (i - 1) > 0 and "1" or "0") end
    return r
  end) .. "0000"):gsub("%d%d%d?%d?%d?%d?", function(x)
    if #x < 6 then return "" end
    local c = 0
    for i = 1, 6 do c = c + (x:sub(i, i) == "1" and 2 ^ (6 - i) or 0) end
    return b64:sub(c + 1, c + 1)
  end) .. ({ "", "==", "=" })[#data % 3 + 1])
end

local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end

function init(args)
  prefix = string.format("/wrk/%d/%d/", os.time(), id)
  counter = 0
end

function request()
  counter = counter + 1
  local key = base64(prefix .. counter)
  local value = base64(string.format('{"bench":"wrk","serial":%d,"issuer":"bench"}', counter))
  return wrk.format("POST", "/v3/kv/put", { ["Content-Type"] = "application/json" },
    string.format('{"key":"%s","value":"%s"}', key, value))
end

-- wrk script: POST valid notifications, each with a unique Idempotency-Key (so every 2xx is a fresh 202).
local counter = 0
local thread_id = 0
local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  thread_id = id
  math.randomseed(os.time() + id)
  run = tostring(math.random(1, 1000000000))
end

local expires = os.date("!%Y-%m-%dT%H:%M:%SZ", os.time() + 86400)
local body = '{"priority":"critical","category":"otp","recipient":{"id":"u-1","email":"a@example.com",'
  .. '"phone":"+14155550100","timezone":"Europe/Paris"},"channels":["email","sms"],'
  .. '"content":{"subject":"Your code","text":"Your code is 123456","sms":"123456"},'
  .. '"expiresAt":"' .. expires .. '","attributes":{}}'

function request()
  counter = counter + 1
  local headers = {}
  headers["Content-Type"] = "application/json"
  headers["Authorization"] = "Bearer " .. (os.getenv("HERALD_BENCH_KEY") or "acme-secret-key")
  headers["Idempotency-Key"] = "bench-" .. run .. "-" .. thread_id .. "-" .. counter
  return wrk.format("POST", "/v1/notifications", headers, body)
end

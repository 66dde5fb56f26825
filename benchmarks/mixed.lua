-- wrk script for the mixed load: 90 % readers, 8 % search, 2 % mentor edits.
-- The plan file (MIXED_PLAN) has one "read|search|edit <path>" per line; edits POST the
-- mentor write-up form with the session in MIXED_COOKIE and the CSRF token in MIXED_CSRF.
-- done() prints one JSON line: requests, latency percentiles (ms), 5xx, 4xx, socket errors.

local reads, searches, edits = {}, {}, {}
for line in io.lines(os.getenv("MIXED_PLAN")) do
  local kind, path = line:match("^(%a+) (%S+)$")
  if kind == "read" then table.insert(reads, path)
  elseif kind == "search" then table.insert(searches, path)
  elseif kind == "edit" then table.insert(edits, path) end
end
local cookie = os.getenv("MIXED_COOKIE") or ""
local csrf = os.getenv("MIXED_CSRF") or ""
local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  server_errors, client_errors, edits_sent, sequence = 0, 0, 0, 0
  math.randomseed(os.time() + id * 7919)
end

local function pick(list) return list[math.random(#list)] end

function request()
  local roll = math.random(1000)
  if roll <= 900 or #edits == 0 then
    return wrk.format("GET", pick(reads))
  elseif roll <= 980 then
    return wrk.format("GET", pick(searches))
  end
  edits_sent = edits_sent + 1
  sequence = sequence + 1
  local body = "csrfmiddlewaretoken=" .. csrf
    .. "&date=" .. os.date("%Y-%m-%d")
    .. "&participants=12&visibility=group"
    .. "&what_we_did=Terhel%C3%A9ses+pr%C3%B3ba+" .. id .. "-" .. sequence
  return wrk.format("POST", pick(edits), {
    ["Cookie"] = cookie,
    ["Content-Type"] = "application/x-www-form-urlencoded",
  }, body)
end

function response(status, headers, body)
  if status >= 500 then server_errors = server_errors + 1
  elseif status >= 400 then client_errors = client_errors + 1 end
end

function done(summary, latency, requests)
  local s5, s4, sent = 0, 0, 0
  for _, thread in ipairs(threads) do
    s5 = s5 + thread:get("server_errors")
    s4 = s4 + thread:get("client_errors")
    sent = sent + thread:get("edits_sent")
  end
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "rps": %.1f, "p50": %.1f, "p90": %.1f, "p99": %.1f, "max": %.1f, '
      .. '"server_errors": %d, "client_errors": %d, "socket_errors": %d, "edits_sent": %d}\n',
    summary.requests, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000, s5, s4,
    e.connect + e.read + e.write + e.timeout, sent))
end

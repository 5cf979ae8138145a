-- wrk script: addTranslation POSTs, each a new value, on a random string: one of the ids in
-- IDS_FILE (one a line) when set, else FIRST_ID..FIRST_ID+N_STRINGS-1.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
local n = tonumber(os.getenv("N_STRINGS") or "5000")
local first = tonumber(os.getenv("FIRST_ID") or "1")
local lang = os.getenv("LANG_ID") or "1"
local ids = nil
if os.getenv("IDS_FILE") then
  ids = {}
  for line in io.lines(os.getenv("IDS_FILE")) do ids[#ids + 1] = line end
end
local counter = 0

-- each thread its own seed: with os.time() alone both threads sent the same requests, and
-- every second one found its value already there (a no-op write)
function init(args)
  math.randomseed(os.time() + (tonumber(tostring({}):match("0x(%x+)"), 16) or 0))
end

request = function()
  counter = counter + 1
  local sid = ids and ids[math.random(#ids)] or first + math.random(0, n - 1)
  local body = "string_id=" .. sid .. "&translation_language=" .. lang ..
               "&translation_value=value+" .. counter .. "+" .. math.random(1, 1000000000)
  return wrk.format(nil, nil, nil, body)
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("non-2xx or socket errors: %d\n", (e.status or 0) + (e.connect or 0) +
                         (e.read or 0) + (e.write or 0) + (e.timeout or 0)))
end

-- wrk script: a mixed read/write workload on one project, spread over tolk nodes that share
-- one PostgreSQL database.  Thread i connects to node i (mod the number of PORTS), as a load
-- balancer would pin connections; with one port every thread uses the same node.
--   70% localization.one getTranslations of one string (GET)
--   10% Crowdin v1 info (GET; writes bump the revision, so often uncached)
--   20% localization.one addTranslation, a new value each time (POST)
-- Environment: PORTS=p1[,p2], TOKEN, KEY, IDENT, IDS_FILE (string ids, one a line), LANG_ID.
local ports, ids = {}, {}
for p in string.gmatch(os.getenv("PORTS"), "%d+") do ports[#ports + 1] = p end
for line in io.lines(os.getenv("IDS_FILE")) do ids[#ids + 1] = line end
local token, key, ident = os.getenv("TOKEN"), os.getenv("KEY"), os.getenv("IDENT")
local lang = os.getenv("LANG_ID")
local n = 0

function setup(thread)
  n = n + 1
  thread.addr = wrk.lookup("127.0.0.1", ports[(n - 1) % #ports + 1])[1]
end

function init(args)
  math.randomseed(os.time() + (tonumber(tostring({}):match("0x(%x+)"), 16) or 0))
end

local counter = 0
function request()
  counter = counter + 1
  local r, sid = math.random(), ids[math.random(#ids)]
  if r < 0.7 then
    return wrk.format("GET", "/api/" .. token .. "/getTranslations?string_id=" .. sid ..
                      "&translation_language=" .. lang)
  elseif r < 0.8 then
    return wrk.format("GET", "/api/project/" .. ident .. "/info?json&key=" .. key)
  end
  return wrk.format("POST", "/api/" .. token .. "/addTranslation",
                    { ["Content-Type"] = "application/x-www-form-urlencoded" },
                    "string_id=" .. sid .. "&translation_language=" .. lang ..
                    "&translation_value=mixed+" .. counter .. "+" .. math.random(1, 1000000000))
end

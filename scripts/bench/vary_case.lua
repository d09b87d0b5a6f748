-- wrk script for a page that must miss every cache: each request asks for
-- BENCH_VARY_PATH followed by BENCH_VARY_WORD with the case of its letters
-- set by a counter ("inburgering", "Inburgering", "iNburgering", ...). The
-- search is the same (it folds case), but the page cache and the facet
-- cache key on the text as typed, so every request is a miss: 2^letters
-- variants, counted from BENCH_VARY_START, every thread its own share.
-- Reports like report.lua (BENCH_REPORT_LUA).
dofile(os.getenv("BENCH_REPORT_LUA"))

local path = os.getenv("BENCH_VARY_PATH")
local word = os.getenv("BENCH_VARY_WORD")
local start = tonumber(os.getenv("BENCH_VARY_START") or "0")
local stride = tonumber(os.getenv("BENCH_VARY_STRIDE") or "1")
local threads = 0

setup = function(thread)
  thread:set("id", threads)
  threads = threads + 1
end

local sent = 0

local function varied(n)
  local out = {}
  for i = 1, #word do
    local c = word:sub(i, i)
    if n % 2 == 1 then c = c:upper() end
    n = math.floor(n / 2)
    out[i] = c
  end
  return table.concat(out)
end

request = function()
  -- id is set by setup() in each thread; stride is the number of threads.
  local n = start + sent * stride + (id or 0)
  sent = sent + 1
  return wrk.format(nil, path .. varied(n))
end

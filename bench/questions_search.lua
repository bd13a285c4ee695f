-- wrk script for bench/questions.sh: every request searches questions with
-- a different query (two words from the synthetic questions' vocabulary and
-- a page), so no result cache can answer it.
local words = {"partner", "boundaries", "trust", "anxious", "family", "mother", "father", "argue", "silence",
               "therapy", "consultation", "attachment", "repair", "guilt", "anger", "cycle", "children", "burnout",
               "sleep", "panic", "affair", "distance", "apologise", "friends", "work", "childhood", "safe", "afraid"}
local n = 0
request = function()
  n = n + 1
  local a = words[(n * 7) % #words + 1]
  local b = words[(n * 13 + 5) % #words + 1]
  local page = n % 3 + 1
  return wrk.format("GET", "/questions?q=" .. a .. "+" .. b .. "&page=" .. page)
end

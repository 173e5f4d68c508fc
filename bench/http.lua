-- wrk script: cycles through the evaluation questions (bench/questions.txt), one GET /api/ask each.
local questions = {}
for line in io.lines("bench/questions.txt") do
  questions[#questions + 1] = line:gsub("([^%w%-%.%_%~ ])", function(c) return string.format("%%%02X", string.byte(c)) end):gsub(" ", "+")
end
local i = 0
request = function()
  i = i % #questions + 1
  return wrk.format("GET", "/api/ask?q=" .. questions[i])
end

-- Questions the demo's verified queries answer (some in other words): the verified path.
package.path = package.path .. ";" .. os.getenv("SEXTANT_LOAD_DIR") .. "/?.lua"
local c = require("common")
local questions = {
  "What was net revenue by year?",
  "What was net revenue by region in 2025?",
  "Show monthly net revenue for 2025.",
  "Who were the top 10 customers by net revenue in 2025?",
  "What was net revenue by product category in 2025?",
  "How many orders are there in each status?",
  "What was the average order value by customer segment in 2025?",
  "What is the return rate by product category?",
  "What were the most common return reasons in 2025?",
  "Which 10 stores had the highest net revenue in 2025?",
  "How many active customers do we have in each segment?",
  "What is the current headcount by department?",
}
local bodies = {}
for i, q in ipairs(questions) do bodies[i] = '{"question": ' .. c.json(q) .. '}' end
request = c.setup("/api/v1/ask", bodies)

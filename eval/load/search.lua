-- Hybrid search over the demo documents with queries users type.
package.path = package.path .. ";" .. os.getenv("SEXTANT_LOAD_DIR") .. "/?.lua"
local c = require("common")
local queries = {
  "refund policy", "travel expenses approval", "holiday promotion", "return window for electronics",
  "sales commission plan", "data retention", "store opening hours", "expense report deadline",
  "discount approval limits", "warranty claims", "onboarding checklist", "parental leave",
}
local bodies = {}
for i, q in ipairs(queries) do bodies[i] = '{"query": ' .. c.json(q) .. ', "k": 10}' end
request = c.setup("/api/v1/search", bodies)

-- Governed SQL as a BI tool sends it: filters with varying values, small aggregates.
package.path = package.path .. ";" .. os.getenv("SEXTANT_LOAD_DIR") .. "/?.lua"
local c = require("common")
local bodies = {}
for i = 1, 200 do
  local sql
  if i % 3 == 0 then
    sql = "SELECT count(*), max(order_dt) FROM orders WHERE cust_id = " .. i
  elseif i % 3 == 1 then
    sql = "SELECT status_cd, count(*) FROM orders WHERE store_id = " .. (i % 40 + 1) .. " GROUP BY status_cd"
  else
    sql = "SELECT sku, prod_nm FROM products WHERE prod_id = " .. i
  end
  bodies[i] = '{"sql": ' .. c.json(sql) .. '}'
end
request = c.setup("/api/v1/sql/execute", bodies)
